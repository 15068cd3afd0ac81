package org.fractify.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The repository's {@code services.manifest}: the name, port, heap, health path, jar and configuration variables
 * of each service, one line per service in start order. {@code ./fractify} reads the same file with awk; the
 * end-to-end tests start services from it and a test checks docker-compose.yml against it (decision 0025).
 */
public final class ServiceManifest {

    /** The file's name at the repository root. */
    public static final String FILE = "services.manifest";

    private static final int COLUMNS = 7;

    /**
     * One service.
     *
     * @param name         module directory and service name, e.g. {@code gateway-service}
     * @param port         default HTTP port
     * @param heap         maximum heap ({@code -Xmx}), e.g. {@code 256m}
     * @param healthPath   readiness path, answered 200 once the service can serve
     * @param jar          runnable jar, relative to the repository root
     * @param portVariable environment variable that overrides the port
     * @param urlVariable  environment variable by which other services find this one, if any do
     */
    public record Service(String name, int port, String heap, String healthPath, String jar, String portVariable,
            Optional<String> urlVariable) {
    }

    private ServiceManifest() {
    }

    /** The services of {@code root}/services.manifest, in start order. */
    public static List<Service> read(Path root) {
        Path file = root.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(lines, file.toString());
    }

    /** The service called {@code name} in {@code root}/services.manifest. */
    public static Service service(Path root, String name) {
        return read(root).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(name + " is not in " + root.resolve(FILE)));
    }

    static List<Service> parse(List<String> lines, String source) {
        List<Service> services = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\\s+");
            if (c.length != COLUMNS) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + COLUMNS + " columns expected, found "
                        + c.length);
            }
            services.add(new Service(c[0], Integer.parseInt(c[1]), c[2], c[3], c[4], c[5],
                    "-".equals(c[6]) ? Optional.empty() : Optional.of(c[6])));
        }
        return List.copyOf(services);
    }
}
