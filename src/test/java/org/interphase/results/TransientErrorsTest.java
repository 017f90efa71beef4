package org.interphase.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Which store errors are another process's doing (retried) and which are real (reported at once). */
class TransientErrorsTest {
	@Test
	void busyLockedAndAJournalRemovedByTheOtherOpenerAreRetried() {
		assertTrue(ResultsDatabase.isBusy(new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)")));
		assertTrue(ResultsDatabase.isBusy(new SQLException("[SQLITE_LOCKED] A table in the database is locked")));
		// seen when two batches created the same database at once (CrossBatchSummaryTest, 2026-12-07): retried while
		// opening (pragmas, CREATE IF NOT EXISTS), never inside a write transaction that may have committed
		SQLException noent = new SQLException("cannot open", new SQLException(
			"[SQLITE_IOERR_DELETE_NOENT] The file being deleted does not exist (disk I/O error)"));
		assertTrue(ResultsDatabase.isTransientOnOpen(noent));
		assertFalse(ResultsDatabase.isBusy(noent));
		assertTrue(ResultsDatabase.isBusy(new SQLException("serialization failure", "40001")));
	}

	@Test
	void otherErrorsAreNot() {
		assertFalse(ResultsDatabase.isBusy(new SQLException("[SQLITE_IOERR_WRITE] disk I/O error")));
		assertFalse(ResultsDatabase.isBusy(new SQLException("[SQLITE_CORRUPT] The database disk image is malformed")));
		assertFalse(ResultsDatabase.isBusy(new SQLException("[SQLITE_FULL] database or disk is full")));
	}
}
