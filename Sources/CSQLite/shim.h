#ifndef DOCLEDGER_CSQLITE_SHIM_H
#define DOCLEDGER_CSQLITE_SHIM_H
#include <sqlite3.h>

/* Swift cannot import these macros; give them names it can. */
static inline sqlite3_destructor_type docledger_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static const int DOCLEDGER_SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;
static const int DOCLEDGER_SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
static const int DOCLEDGER_SQLITE_CONSTRAINT_TRIGGER = SQLITE_CONSTRAINT_TRIGGER;
static const int DOCLEDGER_SQLITE_BUSY_SNAPSHOT = SQLITE_BUSY_SNAPSHOT;

/* sqlite3_db_config is variadic, which Swift cannot call. */
static inline int docledger_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
#endif
