import CCurl

/// libcurl is loaded at run time (dlopen of libcurl.so.4 and the ~30 libraries it links:
/// TLS, Kerberos, LDAP, SSH...), which costs 20-40 ms of a short command's life.
public enum CurlLibrary {
    /// Starts that load on a thread of its own and returns at once, so that it overlaps whatever the
    /// process does before its first request (parsing, loading the compose project). The first
    /// request waits for this load rather than starting a second one. Calling it more than once is
    /// harmless.
    public static func loadInBackground() {
        ccurl_load_in_background()
    }

    /// Waits for a load `loadInBackground` started (returns at once if none was). A process must call
    /// this before `exit()`: exit handlers (OpenSSL's cleanup, registered while libcurl loads) must not
    /// run while the loading thread is still inside `dlopen` or `curl_global_init` (a command failing
    /// fast, on a compose file error, crashed about 1 run in 30 before this).
    public static func waitForBackgroundLoad() {
        ccurl_wait_for_background_load()
    }
}
