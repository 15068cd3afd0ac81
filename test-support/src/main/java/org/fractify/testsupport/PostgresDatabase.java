package org.fractify.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for a test: created on the local server when a login works
 * (127.0.0.1:5432, the user from FRACTIFY_DB_USER, else postgres, else root), otherwise on an embedded
 * PostgreSQL 15 started once per JVM. A login is tried, not just the port, because an open port with
 * a refused login is common on laptops.
 *
 * @param host     server host
 * @param port     server port
 * @param database the new database's name
 * @param user     login
 * @param password password, empty for trust auth
 */
public record PostgresDatabase(String host, int port, String database, String user, String password) {

    private static EmbeddedPostgres embedded;

    /** Creates a new database with a unique name. */
    public static PostgresDatabase create(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String host = env("FRACTIFY_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("FRACTIFY_DB_PORT", "5432"));
        String password = env("FRACTIFY_DB_PASSWORD", "");
        for (String user : candidateUsers()) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(host, port, "postgres"), user, password)) {
                createDatabase(c, name);
                return new PostgresDatabase(host, port, name, user, password);
            } catch (SQLException e) {
                // try the next login, then the embedded server
            }
        }
        try (Connection c = embedded().getPostgresDatabase().getConnection()) {
            createDatabase(c, name);
            return new PostgresDatabase("127.0.0.1", embedded().getPort(), name, "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException("no PostgreSQL login works and the embedded server failed", e);
        }
    }

    private static List<String> candidateUsers() {
        String configured = System.getenv("FRACTIFY_DB_USER");
        return configured == null || configured.isBlank() ? List.of("postgres", "root") : List.of(configured);
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e);
            }
        }
        return embedded;
    }

    private static void createDatabase(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String jdbcUrl(String host, int port, String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    public String jdbcUrl() {
        return jdbcUrl(host, port, database);
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Drops the database; connections still open are terminated first. */
    public void drop() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(host, port, "postgres"), user, password);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            s.execute("DROP DATABASE IF EXISTS " + database);
        } catch (SQLException e) {
            // a leftover empty test database is harmless; the name is unique
        }
    }
}
