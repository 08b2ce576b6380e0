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
}
