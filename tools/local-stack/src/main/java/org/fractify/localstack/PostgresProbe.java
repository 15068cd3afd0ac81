package org.fractify.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * {@code PostgresProbe host port database user...}: tries each user until a login works, creates the
 * database if it is missing, prints the working user and exits 0; exits 1 when no login works. A login
 * is tried, not just the port: an open port with a refused login is common on laptops.
 */
public final class PostgresProbe {

    private PostgresProbe() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: PostgresProbe host port database user [user...]");
            System.exit(2);
        }
        String password = System.getenv().getOrDefault("FRACTIFY_DB_PASSWORD", "");
        DriverManager.setLoginTimeout(3);
        for (int i = 3; i < args.length; i++) {
            String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres";
            try (Connection c = DriverManager.getConnection(url, args[i], password)) {
                try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    q.setString(1, args[2]);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            try (Statement s = c.createStatement()) {
                                s.execute("CREATE DATABASE \"" + args[2].replace("\"", "") + "\"");
                            }
                        }
                    }
                }
                System.out.println(args[i]);
                System.exit(0);
            } catch (Exception e) {
                System.err.println("login as " + args[i] + " failed: " + e.getMessage());
            }
        }
        System.exit(1);
    }
}
