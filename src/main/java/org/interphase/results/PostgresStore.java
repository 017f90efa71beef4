package org.interphase.results;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The lab-wide results store on PostgreSQL: {@code --db postgresql://host[:port]/database}. Credentials never come
 * from the command line (a password in the address is refused): the user is the address' {@code user@}, else
 * {@code PGUSER}, else the login name; the password is {@code PGPASSWORD}, else the matching line of
 * {@code ~/.pgpass} (or {@code PGPASSFILE}), which the driver reads itself. See docs/scale.md for the roles.
 */
public final class PostgresStore {
	private PostgresStore() {}

	/** Whether a {@code --db} value names a PostgreSQL store rather than a SQLite file. */
	public static boolean isUrl(String location) {
		if (location == null) return false;
		String l = location.trim().toLowerCase(Locale.ROOT);
		return l.startsWith("postgresql://") || l.startsWith("postgres://") || l.startsWith("jdbc:postgresql://");
	}

	/** The address as shown in messages (never with credentials). */
	public static String label(String location) {
		try {
			URI u = uri(location);
			return "postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
		}
		catch (IllegalArgumentException e) {
			return "postgresql store";
		}
	}

	private static URI uri(String location) {
		String s = location.trim();
		if (s.regionMatches(true, 0, "jdbc:", 0, 5)) s = s.substring(5);
		try {
			URI u = new URI(s);
			if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) throw new IllegalArgumentException(
				"give postgresql://host[:port]/database");
			return u;
		}
		catch (URISyntaxException e) {
			throw new IllegalArgumentException("not a PostgreSQL address (" + e.getMessage() + "); give " +
				"postgresql://host[:port]/database");
		}
	}

	/**
	 * Checks an address before anything is read (for the command line's usage errors): well formed, and no password
	 * in it. The message says what is wrong and never repeats the password.
	 */
	public static void check(String location) {
		try {
			connectionProperties(location, Map.of());
		}
		catch (SQLException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	/** Connects with the credentials of the environment; a password on the command line is refused. */
	static Connection connect(String location, Map<String, String> env) throws SQLException {
		Object[] c = connectionProperties(location, env);
		try {
			Class.forName("org.postgresql.Driver");
		}
		catch (ClassNotFoundException e) {
			throw new SQLException("the PostgreSQL driver is not installed (postgresql-42.7.x.jar in Fiji's jars/)", e);
		}
		return DriverManager.getConnection((String) c[0], (Properties) c[1]);
	}

	/** {JDBC address, driver properties}. */
	private static Object[] connectionProperties(String location, Map<String, String> env) throws SQLException {
		URI u;
		try {
			u = uri(location);
		}
		catch (IllegalArgumentException e) {
			throw new SQLException(e.getMessage(), e);
		}
		Properties p = new Properties();
		String userInfo = u.getUserInfo();
		if (userInfo != null && userInfo.contains(":")) throw new SQLException("no password in the address: it would " +
			"show in the shell history and the process list; set PGPASSWORD or use ~/.pgpass (docs/scale.md)");
		String query = u.getRawQuery() == null ? "" : u.getRawQuery();
		for (String kv : query.split("&")) {
			if (kv.toLowerCase(Locale.ROOT).startsWith("password=")) throw new SQLException("no password in the " +
				"address: set PGPASSWORD or use ~/.pgpass (docs/scale.md)");
		}
		String user = userInfo != null && !userInfo.isEmpty() ? userInfo : env.get("PGUSER");
		if (user != null && !user.isEmpty()) p.setProperty("user", user);
		String password = env.get("PGPASSWORD");
		if (password != null && !password.isEmpty()) p.setProperty("password", password);
		p.setProperty("ApplicationName", "interphase");
		// a file's rows go as multi-row INSERTs (one round trip per 128 rows instead of per row)
		p.setProperty("reWriteBatchedInserts", "true");
		String jdbc = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath() +
			(query.isEmpty() ? "" : "?" + query);
		return new Object[] { jdbc, p };
	}
}
