package org.fractify.webhook.service;

import java.security.SecureRandom;

/** Public ids: a prefix and 20 random base-36 characters (~103 bits), e.g. {@code wh_k3v...}. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {
    }

    public static String subscription() {
        return "wh_" + random(20);
    }

    public static String delivery() {
        return "dlv_" + random(20);
    }

    public static String testMessage() {
        return "msg_" + random(24);
    }

    private static String random(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
