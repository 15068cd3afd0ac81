package org.fractify.localstack;

/**
 * {@code PostgresProbe database}: finds a working login on the configured server ({@link LocalPostgres#probe}),
 * creates the database if it is missing, prints the user and exits 0; exits 1 when no login works.
 */
public final class PostgresProbe {

    private PostgresProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PostgresProbe DATABASE   (server and users from FRACTIFY_DB_*)");
            System.exit(2);
        }
        LocalPostgres.probe(System.getenv(), args[0], System.err::println).ifPresentOrElse(login -> {
            System.out.println(login.user());
            System.exit(0);
        }, () -> System.exit(1));
    }
}
