package org.fractify.contracts;

import java.security.SecureRandom;

/**
 * Random public ids and secrets, the one generator every service uses: ids are a prefix and base-36
 * characters ({@code wh_k3v...}); secret tokens use an alphabet without look-alike characters (no 0/O, 1/l/I),
 * since people copy API keys by hand.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String UNAMBIGUOUS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Ids() {
    }

    /** {@code prefix} followed by {@code length} random base-36 characters (5.17 bits each). */
    public static String prefixed(String prefix, int length) {
        return prefix + base36(length);
    }

    /** {@code length} random base-36 characters. */
    public static String base36(int length) {
        return random(BASE36, length);
    }

    /** {@code length} random characters of an alphabet without look-alikes (5.86 bits each). */
    public static String token(int length) {
        return random(UNAMBIGUOUS, length);
    }

    private static String random(String alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(out);
    }
}
