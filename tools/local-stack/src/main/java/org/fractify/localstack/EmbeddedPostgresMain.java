package org.fractify.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * {@code EmbeddedPostgresMain dataDir port database}: runs PostgreSQL 15 from Maven Central binaries
 * for a laptop without a server of its own, keeping its data in {@code dataDir} across restarts, until
 * the process is stopped.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        File dataDir = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        dataDir.mkdirs();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }));
        try (Connection c = pg.getPostgresDatabase().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, database);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                    }
                }
            }
        }
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + " (user postgres)");
        Thread.currentThread().join();
    }
}
