#include "CSQLite.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Every SQLite entry point plane uses, resolved once from libsqlite3.so.0 on the first call.
#define SQLITE_FUNCTIONS(X)                                                                     \
    X(sqlite3_open_v2) X(sqlite3_close_v2) X(sqlite3_errmsg) X(sqlite3_extended_result_codes) \
    X(sqlite3_busy_timeout) X(sqlite3_exec) X(sqlite3_prepare_v3) X(sqlite3_finalize)         \
    X(sqlite3_reset) X(sqlite3_clear_bindings) X(sqlite3_step) X(sqlite3_changes)             \
    X(sqlite3_last_insert_rowid) X(sqlite3_bind_int64) X(sqlite3_bind_null)                   \
    X(sqlite3_bind_text) X(sqlite3_bind_double) X(sqlite3_column_int64)                       \
    X(sqlite3_column_double) X(sqlite3_column_text) X(sqlite3_column_type)                    \
    X(sqlite3_column_count)

#define DECLARE(name) __typeof__(name) *name;
static struct { SQLITE_FUNCTIONS(DECLARE) } lib;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[512];

#define RESOLVE(name)                                                                    \
    *(void **)(&lib.name) = dlsym(library, #name);                                       \
    if (lib.name == NULL) {                                                              \
        snprintf(load_error, sizeof load_error, "libsqlite3 has no %s", #name);          \
        return;                                                                          \
    }

static void load(void) {
    void *library = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error,
                 "cannot load libsqlite3.so.0 (%s); install libsqlite3-0 (Debian: apt-get install libsqlite3-0)",
                 reason ? reason : "unknown error");
        return;
    }
    SQLITE_FUNCTIONS(RESOLVE)
    loaded = 1;
}

static int ready(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *csqlite_load_error(void) { return load_error; }

// Opening is the only way in: when the library cannot be loaded it fails with SQLITE_CANTOPEN and
// no handle, and sqlite3_errmsg(NULL) says why. Every other call needs a handle, so the library is
// loaded by then.
int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs) {
    if (!ready()) {
        *db = NULL;
        return SQLITE_CANTOPEN;
    }
    return lib.sqlite3_open_v2(filename, db, flags, vfs);
}
const char *sqlite3_errmsg(sqlite3 *db) {
    if (!ready()) return load_error;
    return lib.sqlite3_errmsg(db);
}
int sqlite3_close_v2(sqlite3 *db) { return ready() ? lib.sqlite3_close_v2(db) : SQLITE_OK; }

int sqlite3_extended_result_codes(sqlite3 *db, int on) { return lib.sqlite3_extended_result_codes(db, on); }
int sqlite3_busy_timeout(sqlite3 *db, int ms) { return lib.sqlite3_busy_timeout(db, ms); }
int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *context, char **error) {
    return lib.sqlite3_exec(db, sql, callback, context, error);
}
int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags, sqlite3_stmt **statement, const char **tail) {
    return lib.sqlite3_prepare_v3(db, sql, bytes, flags, statement, tail);
}
int sqlite3_finalize(sqlite3_stmt *statement) { return lib.sqlite3_finalize(statement); }
int sqlite3_reset(sqlite3_stmt *statement) { return lib.sqlite3_reset(statement); }
int sqlite3_clear_bindings(sqlite3_stmt *statement) { return lib.sqlite3_clear_bindings(statement); }
int sqlite3_step(sqlite3_stmt *statement) { return lib.sqlite3_step(statement); }
int sqlite3_changes(sqlite3 *db) { return lib.sqlite3_changes(db); }
sqlite3_int64 sqlite3_last_insert_rowid(sqlite3 *db) { return lib.sqlite3_last_insert_rowid(db); }
int sqlite3_bind_int64(sqlite3_stmt *statement, int index, sqlite3_int64 value) {
    return lib.sqlite3_bind_int64(statement, index, value);
}
int sqlite3_bind_null(sqlite3_stmt *statement, int index) { return lib.sqlite3_bind_null(statement, index); }
int sqlite3_bind_text(sqlite3_stmt *statement, int index, const char *text, int length, void (*destructor)(void *)) {
    return lib.sqlite3_bind_text(statement, index, text, length, destructor);
}
int sqlite3_bind_double(sqlite3_stmt *statement, int index, double value) {
    return lib.sqlite3_bind_double(statement, index, value);
}
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *statement, int column) { return lib.sqlite3_column_int64(statement, column); }
double sqlite3_column_double(sqlite3_stmt *statement, int column) { return lib.sqlite3_column_double(statement, column); }
const unsigned char *sqlite3_column_text(sqlite3_stmt *statement, int column) { return lib.sqlite3_column_text(statement, column); }
int sqlite3_column_type(sqlite3_stmt *statement, int column) { return lib.sqlite3_column_type(statement, column); }
int sqlite3_column_count(sqlite3_stmt *statement) { return lib.sqlite3_column_count(statement); }
