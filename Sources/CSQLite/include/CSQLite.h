#ifndef PLANE_CSQLITE_H
#define PLANE_CSQLITE_H

// The second C boundary of plane: libsqlite3 (Debian's libsqlite3), for the run history only.
// Two jobs:
// 1. SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift does not import; it gets
//    one typed wrapper here.
// 2. libsqlite3 is loaded with dlopen on first use, not linked (as libcurl is): `plane config` and
//    `lint` never open the history and should not map it. CSQLite.c defines each sqlite3_* function
//    plane calls as a forwarder to the loaded library, so the Swift code calls SQLite's own API.
//    A function not forwarded there fails at link time, naming it: add one line for it.
// Nothing else belongs in this target.

#include <sqlite3.h>

/// Binds text that SQLite copies before the call returns (the Swift string's buffer is temporary).
static inline int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}

/// Why libsqlite3 could not be loaded (empty when it was, or was not tried yet).
const char *csqlite_load_error(void);

#endif
