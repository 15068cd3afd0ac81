package org.fractify.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...}, as ./fractify bench passes them.
 *
 * @param gateway   base URL of the public API
 * @param inference base URL of inference-service (its internal benchmarks)
 * @param apiKey    an API key of the stack
 * @param requests  requests per load level
 * @param images    the images requests cycle through, in order
 */
record BenchArgs(String gateway, String inference, String apiKey, int requests, List<Image> images) {

    static final String USAGE = "usage: LoadBench GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...";

    /** One image and the modality it is sent as. */
    record Image(String modality, Path file) {
    }

    /** The arguments; an {@link IllegalArgumentException} saying what is wrong otherwise. */
    static BenchArgs parse(String[] args) {
        if (args.length < 5) {
            throw new IllegalArgumentException(USAGE);
        }
        int requests;
        try {
            requests = Integer.parseInt(args[3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REQUESTS must be a whole number, not " + args[3]);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("REQUESTS must be at least 1, not " + requests);
        }
        List<Image> images = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || kv[0].isEmpty() || kv[1].isEmpty()) {
                throw new IllegalArgumentException("MODALITY=IMAGE expected, not " + args[i]);
            }
            images.add(new Image(kv[0], Path.of(kv[1])));
        }
        return new BenchArgs(args[0], args[1], args[2], requests, List.copyOf(images));
    }
}
