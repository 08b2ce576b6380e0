#ifndef PLANE_CSQLITE_H
#define PLANE_CSQLITE_H

// The second C boundary of plane: libsqlite3 (Debian's libsqlite3-dev) for the run history.
// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift does not import; it gets one
// typed wrapper here. Nothing else belongs in this target.

#include <sqlite3.h>

/// Binds text that SQLite copies before the call returns (the Swift string's buffer is temporary).
static inline int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}

#endif
