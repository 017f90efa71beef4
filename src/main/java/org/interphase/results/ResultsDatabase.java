package org.interphase.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import org.interphase.Version;
import org.interphase.core.result.ResultRow;

/**
 * The results store: one SQLite file holding samples and their attributes, every analysed file (path, size,
 * SHA-256, technique), every run (software version, command, parameters as JSON, time, output folder) and every
 * result row of the contract.
 * <p>
 * Re-analysing the same file (same path and content) with the same analysis and parameters replaces its rows.
 * Each file's rows are written in one transaction, so an interrupted batch loses nothing already written.
 * <p>
 * Several processes on one machine may write one database at the same time (several batches into one
 * {@code --db}): WAL mode, write transactions that take the write lock when they begin ({@code BEGIN IMMEDIATE},
 * so a reader is never upgraded to a writer and hit by {@code SQLITE_BUSY_SNAPSHOT}), a busy timeout, and a
 * retry with backoff of any transaction that still meets a busy or locked database. A database on a network share
 * (NFS, SMB) is not safe: SQLite's locks and WAL shared memory need one machine's file system.
 */
public final class ResultsDatabase implements AutoCloseable {
	private static final Gson GSON = new Gson();
	private static final int BUSY_TIMEOUT_MS = 60000;
	/** How long a transaction is retried after busy/locked errors beyond the busy timeout. */
	private static final long RETRY_FOR_MS = 120000;
	/** The advisory lock that makes PostgreSQL write transactions one at a time, as SQLite's write lock does. */
	private static final long PG_WRITE_LOCK = 0x1e7e5fa5eL;
	private final Path file;
	/** The store as messages name it: the SQLite file or the PostgreSQL address without credentials. */
	private final String where;
	private final boolean postgres;
	/** Set once in the constructor (again only if the first connection failed while opening). */
	private Connection conn;

	/**
	 * Opens the store a {@code --db} value names: {@code postgresql://host[:port]/database} (see
	 * {@link PostgresStore}) or a SQLite file.
	 */
	public static ResultsDatabase open(String location) throws IOException {
		if (PostgresStore.isUrl(location)) return new ResultsDatabase(location);
		return new ResultsDatabase(Path.of(location));
	}

	private ResultsDatabase(String url) throws IOException {
		this.file = null;
		this.where = PostgresStore.label(url);
		this.postgres = true;
		try {
			conn = PostgresStore.connect(url, System.getenv());
			if (!pgSchemaExists()) createSchema();
		}
		catch (SQLException e) {
			throw new IOException(where + ": cannot open the results store (" + e.getMessage() + ")", e);
		}
	}

	public ResultsDatabase(Path file) throws IOException {
		this.file = file;
		this.where = String.valueOf(file);
		this.postgres = false;
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) Files.createDirectories(parent);
			org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
			config.setBusyTimeout(BUSY_TIMEOUT_MS);
			// two processes creating one database at once can meet SQLITE_IOERR_DELETE_NOENT while switching it to
			// WAL (both remove its rollback journal); that connection is not trusted again: a new one is opened
			long deadline = System.currentTimeMillis() + RETRY_FOR_MS, pause = 20;
			while (true) {
				conn = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
				try {
					retrying(() -> {
						try (Statement s = conn.createStatement()) {
							s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
							s.execute("PRAGMA journal_mode = WAL");
							s.execute("PRAGMA synchronous = NORMAL");
							s.execute("PRAGMA foreign_keys = ON");
						}
						createSchema();
						return null;
					});
					break;
				}
				catch (SQLException e) {
					try {
						conn.close();
					}
					catch (SQLException ignored) {
						// the connection is dropped either way
					}
					if (!isTransientOnOpen(e) || System.currentTimeMillis() > deadline) throw e;
					pause = backOff(pause, e);
				}
			}
		}
		catch (SQLException e) {
			throw new IOException(where + ": cannot open the results database (" + e.getMessage() + ")", e);
		}
	}

	/** The SQLite file; null for a PostgreSQL store. */
	public Path file() {
		return file;
	}

	/** The store as messages name it (the file, or the PostgreSQL address without credentials). */
	public String location() {
		return where;
	}

	public boolean isPostgres() {
		return postgres;
	}

	private boolean pgSchemaExists() throws SQLException {
		try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT to_regclass('samples') IS NOT " +
			"NULL AND to_regclass('files') IS NOT NULL AND to_regclass('runs') IS NOT NULL AND to_regclass('results') IS " +
			"NOT NULL AND to_regclass('errors') IS NOT NULL"))
		{
			r.next();
			return r.getBoolean(1);
		}
	}

	/** The column types of the one schema, in each store's words (SQLite's as they always were). */
	private String ddl(String sql) {
		return sql.replace("%ID%", postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY").replace("%REAL%",
			postgres ? "DOUBLE PRECISION" : "REAL").replace("%BIG%", postgres ? "BIGINT" : "INTEGER");
	}

	private void createSchema() throws SQLException {
		inTransaction(() -> {
			try (Statement s = conn.createStatement()) {
				s.execute(ddl("CREATE TABLE IF NOT EXISTS samples (sample_id TEXT PRIMARY KEY, attributes TEXT NOT " +
					"NULL DEFAULT '{}', updated TEXT)"));
				s.execute(ddl("CREATE TABLE IF NOT EXISTS files (file_id %ID%, path TEXT NOT NULL, size %BIG%, sha256 " +
					"TEXT NOT NULL, technique TEXT, UNIQUE(path, sha256))"));
				s.execute(ddl("CREATE TABLE IF NOT EXISTS runs (run_id %ID%, software_version TEXT, command TEXT, " +
					"parameters TEXT, started TEXT, out_dir TEXT)"));
				s.execute(ddl("CREATE TABLE IF NOT EXISTS results (result_id %ID%, run_id %BIG% NOT NULL REFERENCES " +
					"runs(run_id), file_id %BIG% REFERENCES files(file_id), result_key TEXT NOT NULL, params_hash TEXT NOT " +
					"NULL, sample_id TEXT, technique TEXT, analysis TEXT, source TEXT, region TEXT, quantity TEXT NOT NULL, " +
					"value %REAL%, uncertainty %REAL%, unit TEXT, label TEXT, flags TEXT, seq INTEGER)"));
				s.execute("CREATE INDEX IF NOT EXISTS results_key ON results(result_key, analysis, params_hash)");
				s.execute("CREATE INDEX IF NOT EXISTS results_sample ON results(sample_id)");
				s.execute(ddl("CREATE TABLE IF NOT EXISTS errors (error_id %ID%, run_id %BIG%, source TEXT, error TEXT)"));
			}
			return null;
		});
	}

	/**
	 * The identity of "the same parameters": a hash of the command and its parameter values (sorted by name).
	 * Re-analysing a file with the same hash replaces its rows.
	 */
	public static String paramsHash(String command, Map<String, String> params) {
		try {
			java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
			md.update(command.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			for (Map.Entry<String, String> e : new java.util.TreeMap<>(params).entrySet()) md.update(("\n" + e.getKey() +
				"=" + e.getValue()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			StringBuilder sb = new StringBuilder();
			byte[] d = md.digest();
			for (int i = 0; i < 12; i++) sb.append(String.format("%02x", d[i]));
			return sb.toString();
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Records a run and returns its ID. */
	public long startRun(String command, Map<String, String> parameters, Path outDir) throws IOException {
		try {
			return inTransaction(() -> {
				try (PreparedStatement p = conn.prepareStatement("INSERT INTO runs(software_version, command, " +
					"parameters, started, out_dir) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS))
				{
					p.setString(1, Version.get());
					p.setString(2, command);
					p.setString(3, GSON.toJson(parameters));
					p.setString(4, Instant.now().toString());
					p.setString(5, outDir == null ? "" : outDir.toAbsolutePath().normalize().toString());
					p.executeUpdate();
					try (ResultSet k = p.getGeneratedKeys()) {
						k.next();
						return k.getLong(1);
					}
				}
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
	}

	/** Creates or updates a sample; attributes are merged (given values win). */
	public void putSample(String sampleId, Map<String, String> attributes) throws IOException {
		try {
			inTransaction(() -> {
				Map<String, String> merged = new LinkedHashMap<>(sample(sampleId));
				if (attributes != null) merged.putAll(attributes);
				try (PreparedStatement p = conn.prepareStatement("INSERT INTO samples(sample_id, attributes, updated) " +
					"VALUES (?,?,?) ON CONFLICT(sample_id) DO UPDATE SET attributes=excluded.attributes, " +
					"updated=excluded.updated"))
				{
					p.setString(1, sampleId);
					p.setString(2, GSON.toJson(merged));
					p.setString(3, Instant.now().toString());
					p.executeUpdate();
				}
				return null;
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
	}

	/** A sample's attributes (empty when unknown). */
	public Map<String, String> sample(String sampleId) throws SQLException {
		try (PreparedStatement p = conn.prepareStatement("SELECT attributes FROM samples WHERE sample_id=?")) {
			p.setString(1, sampleId);
			try (ResultSet r = p.executeQuery()) {
				if (!r.next()) return new LinkedHashMap<>();
				Map<String, String> m = GSON.fromJson(r.getString(1), new TypeToken<LinkedHashMap<String, String>>() {}
					.getType());
				return m == null ? new LinkedHashMap<>() : m;
			}
		}
	}

	/** All samples with their attributes, by ID. */
	public Map<String, Map<String, String>> samples() throws IOException {
		Map<String, Map<String, String>> out = new LinkedHashMap<>();
		try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery(
			"SELECT sample_id, attributes FROM samples ORDER BY sample_id"))
		{
			while (r.next()) {
				Map<String, String> m = GSON.fromJson(r.getString(2), new TypeToken<LinkedHashMap<String, String>>() {}
					.getType());
				out.put(r.getString(1), m == null ? new LinkedHashMap<>() : m);
			}
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
		return out;
	}

	/**
	 * Stores the rows of one analysed input in one transaction, replacing earlier rows of the same input, analysis
	 * and parameters. {@code input} may be null for rows that summarise a sample (their key is the sample).
	 */
	public void store(long runId, FileRecord input, String analysis, String paramsHash, String summaryKey,
		List<ResultRow> rows) throws IOException
	{
		try {
			inTransaction(() -> {
				Long fileId = input == null ? null : fileId(input);
				String key = input == null ? "summary:" + summaryKey : "file:" + fileId;
				deleteRows(key, analysis, paramsHash);
				insertRows(runId, fileId, key, paramsHash, rows);
				return null;
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": could not store results (" + e.getMessage() + ")", e);
		}
	}

	void deleteRows(String key, String analysis, String paramsHash) throws SQLException {
		try (PreparedStatement d = conn.prepareStatement("DELETE FROM results WHERE result_key=? AND analysis=? AND " +
			"params_hash=?"))
		{
			d.setString(1, key);
			d.setString(2, analysis);
			d.setString(3, paramsHash);
			d.executeUpdate();
		}
	}

	/** A stored row with where it came from: its run, parameter set and (for per-file rows) the file. */
	public static final class StoredRow {
		public final ResultRow row;
		public final long runId;
		public final String paramsHash;
		/** The analysed file's absolute path; null for a row that summarises a sample. */
		public final String filePath;

		StoredRow(ResultRow row, long runId, String paramsHash, String filePath) {
			this.row = row;
			this.runId = runId;
			this.paramsHash = paramsHash;
			this.filePath = filePath;
		}

		public static StoredRow of(ResultRow row, long runId, String paramsHash, String filePath) {
			return new StoredRow(row, runId, paramsHash, filePath);
		}
	}

	/**
	 * Every stored row with its run, parameter set and file, in storing order; of a file stored several times
	 * under one analysis and parameter set (its content changed in between), only the latest run's rows.
	 */
	public List<StoredRow> storedRows() throws IOException {
		try {
			return retrying(() -> latestPerFile(queryStored("", null, null, null)));
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
	}

	private List<StoredRow> queryStored(String where, String a, String b, String c) throws SQLException {
		List<StoredRow> out = new ArrayList<>();
		try (PreparedStatement p = conn.prepareStatement("SELECT r.sample_id, r.technique, r.analysis, r.source, " +
			"r.region, r.quantity, r.value, r.uncertainty, r.unit, r.label, r.flags, r.run_id, r.params_hash, f.path " +
			"FROM results r LEFT JOIN files f ON r.file_id=f.file_id " + where + " ORDER BY r.result_id"))
		{
			int i = 1;
			for (String v : new String[] { a, b, c }) if (v != null) p.setString(i++, v);
			try (ResultSet r = p.executeQuery()) {
				while (r.next()) out.add(new StoredRow(new ResultRow(r.getString(1), r.getString(2), r.getString(3), r
					.getString(4), r.getString(5), r.getString(6), getDouble(r, 7), getDouble(r, 8), r.getString(9), r
						.getString(10), r.getString(11)), r.getLong(12), r.getString(13), r.getString(14)));
			}
		}
		return out;
	}

	private static List<StoredRow> latestPerFile(List<StoredRow> rows) {
		Map<String, Long> latest = new java.util.HashMap<>();
		for (StoredRow s : rows) if (s.filePath != null) latest.merge(s.filePath + "\u0000" + s.row.analysis + "\u0000" +
			s.paramsHash, s.runId, Math::max);
		List<StoredRow> out = new ArrayList<>();
		for (StoredRow s : rows) if (s.filePath == null || latest.get(s.filePath + "\u0000" + s.row.analysis + "\u0000" +
			s.paramsHash) == s.runId) out.add(s);
		return out;
	}

	/**
	 * Recomputes one sample's summary rows from every file of the sample stored under this analysis and parameter
	 * set (whichever batch or process stored them), and replaces the stored summary, all in one write transaction:
	 * the result does not depend on how the files were split into batches nor on which thread finished first. The
	 * files reach {@code summarize} in path order, each as its stored rows; returns the rows stored.
	 */
	public List<ResultRow> storeSummary(long runId, String sampleId, String analysis, String paramsHash,
		java.util.function.Function<List<List<ResultRow>>, List<ResultRow>> summarize) throws IOException
	{
		try {
			return inTransaction(() -> {
				java.util.TreeMap<String, List<ResultRow>> byFile = new java.util.TreeMap<>();
				for (StoredRow s : latestPerFile(queryStored("WHERE r.sample_id=? AND r.analysis=? AND r.params_hash=? " +
					"AND r.file_id IS NOT NULL", sampleId, analysis, paramsHash)))
					byFile.computeIfAbsent(s.filePath, k -> new ArrayList<>()).add(s.row);
				List<ResultRow> summary = byFile.isEmpty() ? List.of() : summarize.apply(new ArrayList<>(byFile.values()));
				String key = "summary:" + sampleId;
				deleteRows(key, analysis, paramsHash);
				insertRows(runId, null, key, paramsHash, summary);
				return summary;
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": could not store the summary of " + sampleId + " (" + e.getMessage() + ")", e);
		}
	}

	void insertRows(long runId, Long fileId, String key, String paramsHash, List<ResultRow> rows)
		throws SQLException
	{
		try (PreparedStatement p = conn.prepareStatement("INSERT INTO results(run_id, file_id, result_key, " +
			"params_hash, sample_id, technique, analysis, source, region, quantity, value, uncertainty, unit, " +
			"label, flags, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"))
		{
			int seq = 0;
			for (ResultRow r : rows) {
				p.setLong(1, runId);
				if (fileId == null) p.setNull(2, Types.INTEGER);
				else p.setLong(2, fileId);
				p.setString(3, key);
				p.setString(4, paramsHash);
				p.setString(5, r.sampleId);
				p.setString(6, r.technique);
				p.setString(7, r.analysis);
				p.setString(8, r.source);
				p.setString(9, r.region);
				p.setString(10, r.quantity);
				setDouble(p, 11, r.value);
				setDouble(p, 12, r.uncertainty);
				p.setString(13, r.unit);
				p.setString(14, r.label);
				p.setString(15, r.flags);
				p.setInt(16, seq++);
				p.addBatch();
			}
			p.executeBatch();
		}
	}

	public void storeError(long runId, String source, String error) throws IOException {
		try {
			inTransaction(() -> {
				try (PreparedStatement p = conn.prepareStatement("INSERT INTO errors(run_id, source, error) VALUES " +
					"(?,?,?)"))
				{
					p.setLong(1, runId);
					p.setString(2, source);
					p.setString(3, error);
					p.executeUpdate();
				}
				return null;
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
	}

	long fileId(FileRecord f) throws SQLException {
		try (PreparedStatement p = conn.prepareStatement("INSERT INTO files(path, size, sha256, technique) VALUES " +
			"(?,?,?,?) ON CONFLICT(path, sha256) DO UPDATE SET technique=excluded.technique"))
		{
			p.setString(1, f.path);
			p.setLong(2, f.size);
			p.setString(3, f.sha256);
			p.setString(4, f.technique);
			p.executeUpdate();
		}
		try (PreparedStatement q = conn.prepareStatement("SELECT file_id FROM files WHERE path=? AND sha256=?")) {
			q.setString(1, f.path);
			q.setString(2, f.sha256);
			try (ResultSet r = q.executeQuery()) {
				r.next();
				return r.getLong(1);
			}
		}
	}

	/** All current result rows, in the order they were stored. */
	public List<ResultRow> rows() throws IOException {
		return query("SELECT r.sample_id, r.technique, r.analysis, r.source, r.region, r.quantity, r.value, " +
			"r.uncertainty, r.unit, r.label, r.flags FROM results r ORDER BY r.result_id", null);
	}

	/** The rows stored by runs that wrote into the given output folder. */
	public List<ResultRow> rowsFor(Path outDir) throws IOException {
		return query("SELECT r.sample_id, r.technique, r.analysis, r.source, r.region, r.quantity, r.value, " +
			"r.uncertainty, r.unit, r.label, r.flags FROM results r JOIN runs u ON r.run_id=u.run_id WHERE u.out_dir=? " +
			"ORDER BY r.result_id", outDir.toAbsolutePath().normalize().toString());
	}

	private List<ResultRow> query(String sql, String arg) throws IOException {
		try {
			return retrying(() -> {
				List<ResultRow> out = new ArrayList<>();
				try (PreparedStatement p = conn.prepareStatement(sql)) {
					if (arg != null) p.setString(1, arg);
					try (ResultSet r = p.executeQuery()) {
						while (r.next()) {
							out.add(new ResultRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
								r.getString(6), getDouble(r, 7), getDouble(r, 8), r.getString(9), r.getString(10), r.getString(11)));
						}
					}
				}
				return out;
			});
		}
		catch (SQLException e) {
			throw new IOException(where + ": " + e.getMessage(), e);
		}
	}

	/** Number of runs recorded (for tests and the report). */
	public int runCount() throws IOException {
		try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM runs")) {
			r.next();
			return r.getInt(1);
		}
		catch (SQLException e) {
			throw new IOException(e);
		}
	}

	/** Raw SQL access for the report and tests. */
	public Connection connection() {
		return conn;
	}

	private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
		if (Double.isNaN(v) || Double.isInfinite(v)) p.setNull(i, Types.DOUBLE);
		else p.setDouble(i, v);
	}

	private static double getDouble(ResultSet r, int i) throws SQLException {
		double v = r.getDouble(i);
		return r.wasNull() ? Double.NaN : v;
	}

	interface Work<T> {
		T run() throws SQLException;
	}

	/** One write transaction on this store (for {@link StoreCopy}). */
	<T> T write(Work<T> work) throws SQLException {
		return inTransaction(work);
	}

	/**
	 * Runs the work in one write transaction, retried while the database is busy: SQLite's BEGIN IMMEDIATE, or on
	 * PostgreSQL a transaction that first takes the store's advisory write lock, so writers from any number of
	 * processes and machines take turns exactly as on SQLite (a summary is recomputed from every committed file).
	 */
	private synchronized <T> T inTransaction(Work<T> work) throws SQLException {
		if (postgres) return retrying(() -> {
			conn.setAutoCommit(false);
			try {
				try (Statement s = conn.createStatement()) {
					s.execute("SELECT pg_advisory_xact_lock(" + PG_WRITE_LOCK + ")");
				}
				T t = work.run();
				conn.commit();
				return t;
			}
			catch (SQLException | RuntimeException e) {
				try {
					conn.rollback();
				}
				catch (SQLException ignored) {
					// the connection is gone; the original error is what matters
				}
				throw e;
			}
			finally {
				try {
					conn.setAutoCommit(true);
				}
				catch (SQLException ignored) {
					// as above
				}
			}
		});
		return retrying(() -> {
			try (Statement s = conn.createStatement()) {
				// explicit statements: the driver's own commit() begins the next transaction at once, and a busy
				// error there would make a committed transaction look failed (and be retried twice)
				s.execute("BEGIN IMMEDIATE");
			}
			try {
				T t = work.run();
				try (Statement s = conn.createStatement()) {
					s.execute("COMMIT");
				}
				return t;
			}
			catch (SQLException | RuntimeException e) {
				try (Statement s = conn.createStatement()) {
					s.execute("ROLLBACK");
				}
				catch (SQLException ignored) {
					// nothing to roll back; the original error is what matters
				}
				throw e;
			}
		});
	}

	/**
	 * Runs the work, again after a pause whenever another process holds the database (SQLITE_BUSY, including
	 * BUSY_SNAPSHOT, or SQLITE_LOCKED): pauses grow from 20 ms to 2 s with jitter, for up to two minutes beyond the
	 * busy timeout.
	 */
	private <T> T retrying(Work<T> work) throws SQLException {
		return retrying(work, ResultsDatabase::isBusy);
	}

	/** As {@link #retrying(Work)}, retrying the errors {@code transient_} accepts. */
	private <T> T retrying(Work<T> work, java.util.function.Predicate<SQLException> transient_) throws SQLException {
		long deadline = System.currentTimeMillis() + RETRY_FOR_MS;
		long pause = 20;
		while (true) {
			try {
				return work.run();
			}
			catch (SQLException e) {
				if (!transient_.test(e) || System.currentTimeMillis() > deadline) throw e;
				retries.incrementAndGet();
				pause = backOff(pause, e);
			}
		}
	}

	/** Sleeps pause to 2 x pause ms (jitter) and returns the next pause (doubled, at most 2 s); interrupted: e. */
	private static long backOff(long pause, SQLException e) throws SQLException {
		try {
			Thread.sleep(pause + java.util.concurrent.ThreadLocalRandom.current().nextLong(pause));
		}
		catch (InterruptedException ie) {
			Thread.currentThread().interrupt();
			throw e;
		}
		return Math.min(2000, pause * 2);
	}

	private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

	/** How often a transaction was retried because another writer held the database (for tests). */
	public int busyRetries() {
		return retries.get();
	}

	/**
	 * Busy, or the race of two processes creating one database: both switch the new file to WAL and both remove
	 * its rollback journal, and the second finds it gone (SQLITE_IOERR_DELETE_NOENT). Retried only while opening,
	 * with a new connection (pragmas, CREATE ... IF NOT EXISTS run again).
	 */
	static boolean isTransientOnOpen(SQLException e) {
		if (isBusy(e)) return true;
		for (Throwable t = e; t != null; t = t.getCause())
			if (t.getMessage() != null && t.getMessage().contains("SQLITE_IOERR_DELETE_NOENT")) return true;
		return false;
	}

	static boolean isBusy(SQLException e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			// PostgreSQL: serialization failure, deadlock, lock not available
			if (t instanceof SQLException && ("40001".equals(((SQLException) t).getSQLState()) || "40P01".equals(
				((SQLException) t).getSQLState()) || "55P03".equals(((SQLException) t).getSQLState()))) return true;
			if (t instanceof SQLException) {
				int code = ((SQLException) t).getErrorCode() & 0xff;
				if (code == 5 || code == 6) return true;
			}
			String m = t.getMessage();
			if (m != null && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked")))
				return true;
		}
		return false;
	}

	@Override
	public void close() throws IOException {
		try {
			conn.close();
		}
		catch (SQLException e) {
			throw new IOException(e);
		}
	}
}
