package org.fractify.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.fractify.localstack.LocalPostgres;

/**
 * A fresh, empty PostgreSQL database for a test, on the server ./fractify would use: the configured one
 * when a login works (FRACTIFY_DB_*, else 127.0.0.1:5432 as postgres, root or the OS user), otherwise an
 * embedded PostgreSQL 15 started once per JVM. tools/local-stack's {@link LocalPostgres} decides; test code
 * depends on that tool, never the other way round (decision 0025).
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
        LocalPostgres.Login login = LocalPostgres.probe(System.getenv(), name, failure -> { })
                .orElseGet(() -> embedded(name));
        return new PostgresDatabase(login.host(), login.port(), name, login.user(), login.password());
    }

    private static synchronized LocalPostgres.Login embedded(String name) {
        try {
            if (embedded == null) {
                embedded = LocalPostgres.startEmbedded(null, 0);
            }
            LocalPostgres.Login login = LocalPostgres.login(embedded);
            LocalPostgres.createDatabaseIfMissing(login, name);
            return login;
        } catch (Exception e) {
            throw new IllegalStateException("no PostgreSQL login works and the embedded server failed", e);
        }
    }

    private LocalPostgres.Login login() {
        return new LocalPostgres.Login(host, port, user, password);
    }

    public String jdbcUrl() {
        return login().jdbcUrl(database);
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Drops the database; connections still open are terminated first. */
    public void drop() {
        try (Connection c = login().connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            s.execute("DROP DATABASE IF EXISTS " + database);
        } catch (SQLException e) {
            // a leftover empty test database is harmless; the name is unique
        }
    }
}
