#ifndef DOCLEDGER_CSQLITE_SHIM_H
#define DOCLEDGER_CSQLITE_SHIM_H
#include <sqlite3.h>

/* Swift cannot import these macros; give them names it can. */
static inline sqlite3_destructor_type docledger_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static const int DOCLEDGER_SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;
static const int DOCLEDGER_SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
#endif
