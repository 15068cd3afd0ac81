package org.fractify.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finding a PostgreSQL server to use, the one way for ./fractify and the tests (test-support
 * {@code PostgresDatabase}): the configured server when a login works, else an embedded PostgreSQL 15 from
 * Maven Central binaries. A login is tried, not just the port: an open port with a refused login is common on
 * laptops.
 */
public final class LocalPostgres {

    private static final int LOGIN_TIMEOUT_SECONDS = 3;

    /**
     * A server and a login that works on it.
     *
     * @param host     server host
     * @param port     server port
     * @param user     login
     * @param password password, empty for trust authentication
     */
    public record Login(String host, int port, String user, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public Connection connect(String database) throws SQLException {
            return DriverManager.getConnection(jdbcUrl(database), user, password);
        }
    }

    private LocalPostgres() {
    }

    /**
     * The first login on the configured server that works and can create {@code database} (created when
     * missing). The server is FRACTIFY_DB_HOST:FRACTIFY_DB_PORT (127.0.0.1:5432), the password
     * FRACTIFY_DB_PASSWORD (none); the users tried are FRACTIFY_DB_USER, else postgres, root and the OS user.
     * Each failed login is told to {@code failures}.
     */
    public static Optional<Login> probe(Map<String, String> env, String database, Consumer<String> failures) {
        String host = env(env, "FRACTIFY_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(env(env, "FRACTIFY_DB_PORT", "5432"));
        String password = env(env, "FRACTIFY_DB_PASSWORD", "");
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        for (String user : candidateUsers(env)) {
            Login login = new Login(host, port, user, password);
            try {
                createDatabaseIfMissing(login, database);
                return Optional.of(login);
            } catch (SQLException e) {
                failures.accept("login as " + user + " on " + host + ":" + port + " failed: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    static List<String> candidateUsers(Map<String, String> env) {
        String configured = env.get("FRACTIFY_DB_USER");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.strip());
        }
        LinkedHashSet<String> users = new LinkedHashSet<>(List.of("postgres", "root"));
        String osUser = System.getProperty("user.name");
        if (osUser != null && !osUser.isBlank()) {
            users.add(osUser);
        }
        return new ArrayList<>(users);
    }

    /**
     * An embedded PostgreSQL 15 on 127.0.0.1, login {@code postgres} without a password. With a data directory
     * its data survives restarts; without one ({@code null}) it lives in a temporary directory. Port 0: any
     * free port.
     */
    public static EmbeddedPostgres startEmbedded(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (dataDir != null) {
            dataDir.toFile().mkdirs();
            builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
        }
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /** The login of an embedded server. */
    public static Login login(EmbeddedPostgres embedded) {
        return new Login("127.0.0.1", embedded.getPort(), "postgres", "");
    }

    /** Creates {@code database} unless it exists. */
    public static void createDatabaseIfMissing(Login login, String database) throws SQLException {
        try (Connection c = login.connect("postgres");
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
    }

    private static String env(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
