-- DocLedger schema. This file is the only source of the schema: the binary embeds it at build
-- time and applies it to every ledger it opens that lacks any object it names (every statement
-- is idempotent).
-- PRAGMA application_id identifies a ledger file; PRAGMA user_version is its schema version
-- (2: p_document_counts, p_directives_period, facts clustered by period; 3: accounts, their
-- credentials and sessions; 4: p_incoming_facts, the incoming documents' workflow; 5: the
-- registers' search table p_subject_search and indexes; 6: merkle_nodes, the Merkle tree
-- over the log; 7: the tree keeps subtrees of 16 leaves and more, the search table no column
-- sizes; an earlier ledger is upgraded by its first writable open, which rebuilds its read
-- tables and tree from the log).

-- The event log: the only source of truth. Every other table is a projection of it.
CREATE TABLE IF NOT EXISTS events (
    seq         INTEGER PRIMARY KEY,          -- global sequence, dense 1..N, never reused
    id          TEXT    NOT NULL UNIQUE,      -- event id: given by the client or generated
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,             -- 1, 2, ... within the stream
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,             -- canonical JSON, exactly the bytes hashed
    recorded_at TEXT    NOT NULL,             -- UTC, ISO 8601 with milliseconds
    actor       TEXT    NOT NULL,
    prev_hash   BLOB    NOT NULL,             -- hash of seq - 1 (32 zero bytes for seq 1)
    hash        BLOB    NOT NULL,             -- SHA-256 over prev_hash and this event's fields
    UNIQUE (stream, version)
);

CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: append a correcting event instead');
END;

CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable: they can never be deleted');
END;

-- Only the next sequence number can be inserted: no gap, and no INSERT OR REPLACE of an old
-- row (REPLACE deletes without firing the delete trigger).
CREATE TRIGGER IF NOT EXISTS events_refuse_out_of_sequence BEFORE INSERT ON events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM events)
BEGIN
    SELECT RAISE(ABORT, 'events are appended at the next sequence number only');
END;

-- Ledger settings fixed when the ledger is created (e.g. which document types share a series).
CREATE TABLE IF NOT EXISTS ledger_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- ===== Projections: folds of the log, dropped and rebuilt by `replay`. =====
-- Every row carries the seq of the event that produced it, so a report "as of" a moment is
-- a filter on seq.

-- Outgoing register (văn bản đi).
CREATE TABLE IF NOT EXISTS p_documents_issued (
    year            INTEGER NOT NULL,
    series          TEXT    NOT NULL,
    number          INTEGER NOT NULL,
    symbol          TEXT    NOT NULL,         -- e.g. 41/QĐ-UBND, 20/2017/QĐ-UBND, 123/UBND
    doc_type        TEXT    NOT NULL,
    legal_normative INTEGER NOT NULL,
    issued_on       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    issuer          TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    PRIMARY KEY (series, year, number)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS p_documents_issued_symbol ON p_documents_issued (symbol, year);
CREATE INDEX IF NOT EXISTS p_documents_issued_date
    ON p_documents_issued (issued_on, seq, doc_type, legal_normative);
-- The outgoing register in number order (year, then series, then number): keyset pages.
CREATE INDEX IF NOT EXISTS p_documents_issued_register ON p_documents_issued (year, series, number, issued_on);

-- Recalls and corrections of outgoing documents (the document itself stays as it was).
CREATE TABLE IF NOT EXISTS p_document_amendments (
    seq        INTEGER PRIMARY KEY,
    symbol     TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    kind       TEXT    NOT NULL,              -- 'recalled' | 'corrected'
    dated_on   TEXT    NOT NULL,
    note       TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS p_document_amendments_doc ON p_document_amendments (symbol, year);
CREATE INDEX IF NOT EXISTS p_document_amendments_date ON p_document_amendments (kind, dated_on, seq);

-- Documents per day, the report's figures pre-counted: one row per register, day, doc type and
-- legal-normative flag. A fold like the rows above (replay rebuilds it, verify compares it), so
-- a report reads a few hundred rows a half-year instead of every document. `last_seq` is the
-- latest event counted in the row: the row is exact for a report as of any seq at or after it;
-- for an earlier as-of the report counts that day's documents one by one instead.
CREATE TABLE IF NOT EXISTS p_document_counts (
    register        TEXT    NOT NULL,         -- 'received' | 'issued' | 'recalled'
    day             TEXT    NOT NULL,         -- received_on | issued_on | the recall's dated_on
    doc_type        TEXT    NOT NULL,         -- issued: the doc type; '' otherwise
    legal_normative INTEGER NOT NULL,         -- issued: 1 for legal normative documents; 0 otherwise
    count           INTEGER NOT NULL,
    last_seq        INTEGER NOT NULL,
    PRIMARY KEY (register, day, doc_type, legal_normative)
) WITHOUT ROWID;

-- Incoming register (văn bản đến).
CREATE TABLE IF NOT EXISTS p_documents_received (
    year         INTEGER NOT NULL,
    arrival_no   INTEGER NOT NULL,
    received_on  TEXT    NOT NULL,
    sender       TEXT    NOT NULL,
    number_symbol TEXT   NOT NULL,
    doc_type     TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    document_year INTEGER NOT NULL,           -- the year of signed_on, else of received_on
    PRIMARY KEY (year, arrival_no)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS p_documents_received_date ON p_documents_received (received_on, seq);
-- The same document registered twice (sender, number symbol, year): refused unless repeat_of.
CREATE INDEX IF NOT EXISTS p_documents_received_document ON p_documents_received (sender, number_symbol, document_year);

-- Directives (ý kiến chỉ đạo) and their life.
CREATE TABLE IF NOT EXISTS p_directives (
    directive_id    TEXT    PRIMARY KEY,
    issued_on       TEXT    NOT NULL,
    lead_unit       TEXT    NOT NULL,         -- NFC
    deadline        TEXT,
    source_document TEXT,
    seq             INTEGER NOT NULL
) WITHOUT ROWID;
-- Covers the report's list of a period's directives (no lookup of the rows themselves).
CREATE INDEX IF NOT EXISTS p_directives_period ON p_directives (issued_on, seq, lead_unit, deadline);

-- Later facts about a directive: deadline extensions, completion, cancellation, progress.
-- Clustered by the directive's issue date, then directive: the facts of a period's directives
-- are one range of the table, each directive's in seq order.
CREATE TABLE IF NOT EXISTS p_directive_facts (
    issued_on    TEXT    NOT NULL,            -- the directive's issued_on
    directive_id TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,            -- 'extended' | 'completed' | 'cancelled' | 'progress'
    dated_on     TEXT    NOT NULL,
    value        TEXT,                        -- new deadline, result document, or unit
    PRIMARY KEY (issued_on, directive_id, seq)
) WITHOUT ROWID;

-- The annual work programme (chương trình công tác năm).
CREATE TABLE IF NOT EXISTS p_programme_items (
    item_id    TEXT    PRIMARY KEY,
    year       INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    lead_unit  TEXT    NOT NULL,              -- NFC
    due        TEXT    NOT NULL,              -- as registered: Q1/2017, 2017, 2017-2018
    seq        INTEGER NOT NULL
) WITHOUT ROWID;
-- Covers the report's list of a year's items.
CREATE INDEX IF NOT EXISTS p_programme_items_year ON p_programme_items (year, seq, title, lead_unit, due);

-- Later facts about a programme item: reschedules, submissions, approvals, withdrawals.
-- Clustered by the item's year, then item, like the directives' facts.
CREATE TABLE IF NOT EXISTS p_programme_facts (
    year       INTEGER NOT NULL,              -- the item's programme year
    item_id    TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,              -- 'rescheduled' | 'submitted' | 'approved' | 'withdrawn'
    dated_on   TEXT    NOT NULL,
    value      TEXT,                          -- new due, submission, or approving decision
    PRIMARY KEY (year, item_id, seq)
) WITHOUT ROWID;

-- The workflow of incoming documents: assignments (routing), progress, answers and closings,
-- folded from IncomingAssigned, IncomingProgressReported, IncomingAnswered and IncomingClosed.
-- Clustered by the document (its year and arrival number), each document's facts in seq order.
CREATE TABLE IF NOT EXISTS p_incoming_facts (
    year            INTEGER NOT NULL,         -- the incoming document's year
    arrival_no      INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    kind            TEXT    NOT NULL,         -- 'assigned' | 'progress' | 'answered' | 'closed'
    dated_on        TEXT    NOT NULL,         -- assigned_on | reported_on | answered_on | closed_on
    unit            TEXT,                     -- assigned: the lead unit (NFC); progress: the reporting unit
    deadline        TEXT,                     -- assigned: the deadline, if any
    for_information INTEGER NOT NULL,         -- assigned: 1 when for information only; 0 otherwise
    value           TEXT,                     -- answered: the answering document (41/QĐ-UBND@2017), if any
    PRIMARY KEY (year, arrival_no, seq)
) WITHOUT ROWID;
-- The answers citing a document (history of an outgoing document, reconcile, frozen recalls).
CREATE INDEX IF NOT EXISTS p_incoming_facts_answer ON p_incoming_facts (value) WHERE kind = 'answered';

-- Full-text search on the subjects (trích yếu) of the documents received and issued, for the
-- registers' `q`: rowid and seq are the seq of the document's event. The subject is indexed with
-- đ/Đ folded to d/D (unicode61 does not fold them; a query is folded the same way), so that
-- "dat dai" finds "đất đai".
CREATE VIRTUAL TABLE IF NOT EXISTS p_subject_search USING fts5(subject, seq UNINDEXED, tokenize='unicode61 remove_diacritics 2', columnsize=0);

-- Accounts and their roles, folded from AccountCreated, RoleGranted, RoleRevoked and
-- AccountDisabled: who could do what, and since when, is in the log.
CREATE TABLE IF NOT EXISTS p_accounts (
    user       TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    roles      TEXT    NOT NULL,              -- comma-separated, in Role order: clerk,officer,...
    disabled   INTEGER NOT NULL,
    seq        INTEGER NOT NULL               -- the latest event about the account
) WITHOUT ROWID;

-- ===== Credentials: outside the chain. Never exported, never printed, not replayed. =====
CREATE TABLE IF NOT EXISTS credentials (
    user          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,              -- bcrypt
    changed_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sessions (
    token_hash BLOB PRIMARY KEY,              -- SHA-256 of the token; the token itself is never stored
    user       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;

-- ===== The Merkle tree over the log (RFC 9162 §2.1): a fold of the log like the read tables,
-- kept in the append's transaction, rebuilt by `replay`, recomputed by `verify`. =====
-- Leaf i (0-based) is event seq i+1: SHA-256(0x00 ‖ the event's line as `docledger export`
-- prints it). One row per complete subtree of 16 leaves or more: 2^level leaves ending at leaf
-- `last_leaf`, so the rows an append adds (the subtrees it completes) come in key order, and a
-- proof reads O(log n) rows and at most 15 events (smaller subtrees are hashed from their
-- events). The root of any size is folded from these; checkpoints sign it.
CREATE TABLE IF NOT EXISTS merkle_nodes (
    last_leaf INTEGER NOT NULL,               -- 0-based index of the subtree's last leaf (its event's seq - 1)
    level     INTEGER NOT NULL,               -- the subtree holds 2^level leaves
    hash      BLOB    NOT NULL,               -- leaf: SHA-256(0x00 ‖ line); node: SHA-256(0x01 ‖ left ‖ right)
    PRIMARY KEY (last_leaf, level)
) WITHOUT ROWID;
