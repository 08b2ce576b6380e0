import CCurl

/// A failed libcurl call: curl's result code and curl's own message for it.
struct CurlFailure: Error, Sendable, CustomStringConvertible {
    var code: Int
    /// The text of CURLOPT_ERRORBUFFER when curl filled it, else ccurl_easy_strerror(code).
    var message: String
    /// Which call failed: "perform", "setopt CURLOPT_URL", ...
    var operation: String

    var description: String { "curl \(operation) failed (\(code)): \(message)" }
}

/// Owns one libcurl easy handle. The handle is freed in deinit; every libcurl return code is
/// checked and reported with curl's own error text.
///
/// Not thread-safe: a handle is used by one transfer at a time (the `CurlHandlePool` hands it
/// out exclusively), which is what makes the unchecked Sendable conformance hold.
final class CurlEasy: @unchecked Sendable {
    private static let globalInit: CURLcode = ccurl_global_init()

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var resolveList: UnsafeMutablePointer<curl_slist>?

    init() throws(CurlFailure) {
        let initCode = Self.globalInit
        guard initCode == CURLE_OK else {
            let reason = String(cString: ccurl_load_error())
            throw CurlFailure(code: Int(initCode.rawValue), message: reason.isEmpty ? Self.text(for: initCode) : reason, operation: "global init")
        }
        guard let handle = ccurl_easy_init() else {
            throw CurlFailure(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init returned NULL", operation: "init")
        }
        self.handle = handle
        let size = ccurl_error_size()
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        do {
            try installErrorBuffer()
        } catch {
            ccurl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        ccurl_easy_cleanup(handle)
        if let headerList { ccurl_slist_free_all(headerList) }
        if let resolveList { ccurl_slist_free_all(resolveList) }
        errorBuffer.deallocate()
    }

    /// Back to default options, keeping the connection cache (keep-alive to the server).
    func reset() throws(CurlFailure) {
        ccurl_easy_reset(handle)
        if let headerList { ccurl_slist_free_all(headerList) }
        headerList = nil
        if let resolveList { ccurl_slist_free_all(resolveList) }
        resolveList = nil
        try installErrorBuffer()
    }

    private func installErrorBuffer() throws(CurlFailure) {
        try check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "setopt CURLOPT_ERRORBUFFER")
    }

    // MARK: Options

    func set(_ option: CURLoption, _ value: String, _ name: StaticString) throws(CurlFailure) {
        // libcurl copies string options (all but CURLOPT_POSTFIELDS, which we never use).
        let code = value.withCString { ccurl_setopt_string(handle, option, $0) }
        try check(code, "setopt \(name)")
    }

    func set(_ option: CURLoption, _ value: Int, _ name: StaticString) throws(CurlFailure) {
        try check(ccurl_setopt_long(handle, option, value), "setopt \(name)")
    }

    /// CURLOPT_COPYPOSTFIELDS after CURLOPT_POSTFIELDSIZE_LARGE: curl copies the bytes (which may
    /// contain NUL), so the buffer need not outlive the call.
    func setCopiedBody(_ body: [UInt8]) throws(CurlFailure) {
        try check(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "setopt CURLOPT_POSTFIELDSIZE_LARGE")
        let code = body.withUnsafeBufferPointer { buffer in
            // An empty body still needs a valid pointer, or curl would read the body from stdin.
            buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                .map { ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, $0) }
                ?? ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
        }
        try check(code, "setopt CURLOPT_COPYPOSTFIELDS")
    }

    /// Replaces the request headers (CURLOPT_HTTPHEADER); the list lives until reset or deinit.
    func setHeaders(_ lines: [String]) throws(CurlFailure) {
        let list = try slist(lines)
        do {
            try check(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "setopt CURLOPT_HTTPHEADER")
        } catch {
            if let list { ccurl_slist_free_all(list) }
            throw error
        }
        if let headerList { ccurl_slist_free_all(headerList) }
        headerList = list
    }

    /// `host:port:address` entries (CURLOPT_RESOLVE): connect to `address` for `host:port`, while
    /// Host and SNI say `host`. The list lives until reset or deinit.
    func setResolve(_ entries: [String]) throws(CurlFailure) {
        let list = try slist(entries)
        do {
            try check(ccurl_setopt_slist(handle, CURLOPT_RESOLVE, list), "setopt CURLOPT_RESOLVE")
        } catch {
            if let list { ccurl_slist_free_all(list) }
            throw error
        }
        if let resolveList { ccurl_slist_free_all(resolveList) }
        resolveList = list
    }

    private func slist(_ lines: [String]) throws(CurlFailure) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = line.withCString({ ccurl_slist_append(list, $0) }) else {
                if let list { ccurl_slist_free_all(list) }
                throw CurlFailure(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed", operation: "slist")
            }
            list = appended
        }
        return list
    }

    func setDataCallback(
        _ functionOption: CURLoption, _ dataOption: CURLoption, _ callback: ccurl_data_callback,
        context: UnsafeMutableRawPointer, _ name: StaticString
    ) throws(CurlFailure) {
        try check(ccurl_setopt_data_callback(handle, functionOption, callback, dataOption, context), "setopt \(name)")
    }

    func setProgressCallback(_ callback: ccurl_xferinfo_callback, context: UnsafeMutableRawPointer) throws(CurlFailure) {
        try check(ccurl_setopt_xferinfo_callback(handle, callback, context), "setopt CURLOPT_XFERINFOFUNCTION")
    }

    // MARK: Transfer

    func perform() throws(CurlFailure) {
        errorBuffer[0] = 0
        try check(ccurl_easy_perform(handle), "perform")
    }

    /// The connection of a CURLOPT_CONNECT_ONLY transfer (after `perform`), to poll and half-close.
    func activeSocket() throws(CurlFailure) -> Int32 {
        var socket = curl_socket_t(-1)
        try check(ccurl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket), "getinfo CURLINFO_ACTIVESOCKET")
        guard socket != -1 else {
            throw CurlFailure(code: Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue), message: "the connection has no socket", operation: "getinfo CURLINFO_ACTIVESOCKET")
        }
        return Int32(socket)
    }

    /// Writes what the connection takes now (TLS included) on a CURLOPT_CONNECT_ONLY transfer;
    /// nil when it would block (poll the socket for writing, then retry).
    func send(_ bytes: UnsafeRawBufferPointer) throws(CurlFailure) -> Int? {
        var sent = 0
        let code = ccurl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        if code == CURLE_AGAIN { return nil }
        try check(code, "send")
        return sent
    }

    /// Reads what has arrived on a CURLOPT_CONNECT_ONLY transfer: 0 when the peer closed, nil
    /// when nothing is there yet (poll the socket for reading, then retry).
    func receive(_ buffer: UnsafeMutableRawBufferPointer) throws(CurlFailure) -> Int? {
        var received = 0
        let code = ccurl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
        if code == CURLE_AGAIN { return nil }
        try check(code, "recv")
        return received
    }

    func responseCode() throws(CurlFailure) -> Int {
        var code: Int = 0
        try check(ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code), "getinfo CURLINFO_RESPONSE_CODE")
        return code
    }

    // MARK: Errors

    private func check(_ code: CURLcode, _ operation: @autoclosure () -> String) throws(CurlFailure) {
        guard code != CURLE_OK else { return }
        let buffered = String(cString: errorBuffer)
        let message = buffered.isEmpty ? Self.text(for: code) : buffered.trimmedWhitespace
        throw CurlFailure(code: Int(code.rawValue), message: message, operation: operation())
    }

    private static func text(for code: CURLcode) -> String {
        String(cString: ccurl_easy_strerror(code))
    }
}
