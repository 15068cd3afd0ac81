package org.fractify.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * {@code EmbeddedPostgresMain dataDir port database}: runs PostgreSQL 15 ({@link LocalPostgres#startEmbedded})
 * for a laptop without a server of its own, keeping its data in {@code dataDir} across restarts, until the
 * process is stopped.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedPostgresMain DATA_DIR PORT DATABASE");
            System.exit(2);
        }
        EmbeddedPostgres pg = LocalPostgres.startEmbedded(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }));
        LocalPostgres.createDatabaseIfMissing(LocalPostgres.login(pg), args[2]);
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + pg.getPort() + " (user postgres)");
        Thread.currentThread().join();
    }
}
