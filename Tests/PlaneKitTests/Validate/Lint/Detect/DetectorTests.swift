import Testing
@testable import PlaneKit

/// The value classifiers behind the env and secret rules.
@Suite struct DetectorTests {
    @Test(arguments: ["changeme", "CHANGE_ME", "xxx", "XXXX-XXXX", "<your-domain>", "TODO", "todo: ask", "your_api_key_here",
                      "__GENERATE_HEX64__", "placeholder", " changeme \n"])
    func placeholders(_ value: String) { #expect(PlaceholderValue.matches(value)) }

    @Test(arguments: ["", "info", "https://auth.example.org", "todolist", "mailbox", "<html", "vm300-1a2b3c4d", "xx"])
    func notPlaceholders(_ value: String) { #expect(!PlaceholderValue.matches(value)) }

    @Test func knownTokenShapes() {
        #expect(KnownTokenFormat.firstMatch(in: "ghp_" + String(repeating: "a1", count: 18)) == "GitHub token")
        #expect(KnownTokenFormat.firstMatch(in: "https://x:glpat-abcdefghij0123456789@gitlab") == "GitLab token")
        #expect(KnownTokenFormat.firstMatch(in: "xoxp-1234-5678-abcdef") == "Slack token")
        #expect(KnownTokenFormat.firstMatch(in: "AKIAABCDEFGHIJKLMNOP") == "AWS access key id")
        #expect(KnownTokenFormat.firstMatch(in: "AKIAABCDEFGHIJKLMNOPQ") == nil, "AWS ids are exactly 20 characters")
        #expect(KnownTokenFormat.firstMatch(in: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijkl") == "JSON Web Token")
        #expect(KnownTokenFormat.firstMatch(in: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n") == "PEM private key")
        #expect(KnownTokenFormat.firstMatch(in: "-----BEGIN CERTIFICATE-----") == nil)
        #expect(KnownTokenFormat.firstMatch(in: "myghp_" + String(repeating: "a1", count: 18)) == nil, "a prefix inside a word")
    }

    @Test func entropy() {
        #expect(SecretEntropy.isHighEntropy("Zq8vX3kP0mW7yT2bN5cR9dL4hJ6gF1sA"))
        #expect(SecretEntropy.isHighEntropy("3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b4d6f0a1c3e5b7d9f2a4c6e8b0d1f3a"))
        for value in ["DisabledForLocalAddresses", "https://example.org/1234567890abcdefghij", "/config/workspace/1234567890abc",
                      "10.0.0.0/8,172.16.0.0/12", "aaaaaaaaaaaaaaaaaaaaaaaa1111", "1.26.3"] {
            #expect(!SecretEntropy.isHighEntropy(value), "\(value)")
        }
    }

    @Test func credentialNames() {
        for key in ["DB_PASSWORD", "API_TOKEN", "SECRET_ENCRYPTION_KEY", "AWS_SECRET_ACCESS_KEY", "APIKEY", "SMTP_PASS", "N8N_API_KEY"] {
            #expect(SecretKeyName.looksSecret(key), "\(key)")
        }
        for key in ["DB_PASSWORD_FILE", "FILE__PASS", "PUBLIC_KEY", "LOG_LEVEL", "KEYBOARD", "TOKEN_DIR", "MONKEY"] {
            #expect(!SecretKeyName.looksSecret(key), "\(key)")
        }
        #expect(SecretKeyName.isReference("file:///run/secrets/x") && SecretKeyName.isReference("filepath:/run/secrets/x"))
        #expect(SecretKeyName.isPlainSetting("12") && SecretKeyName.isPlainSetting("false") && !SecretKeyName.isPlainSetting("s3cret"))
    }

    @Test func ciphertextHeaders() {
        #expect(CiphertextFormat.detect([0] + Array("GITCRYPT".utf8) + [0, 1, 2]) == "git-crypt")
        #expect(CiphertextFormat.detect(Array("$ANSIBLE_VAULT;1.1;AES256\n6162\n".utf8)) == "Ansible Vault")
        #expect(CiphertextFormat.detect(Array("age-encryption.org/v1\n-> X25519 abc\n".utf8)) == "age")
        #expect(CiphertextFormat.detect(Array("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n".utf8)) == "age")
        #expect(CiphertextFormat.detect(Array("a: ENC[AES256_GCM,data:x=,type:str]\nsops:\n  version: 3\n".utf8)) == "SOPS")
        #expect(CiphertextFormat.detect(Array("{\"sops\": {}}".utf8)) == "SOPS")
        #expect(CiphertextFormat.detect(Array("-----BEGIN PGP MESSAGE-----\n".utf8)) == "OpenPGP")
        #expect(CiphertextFormat.detect(Array("-----BEGIN CERTIFICATE-----\nMIIB\n".utf8)) == nil)
        #expect(CiphertextFormat.detect(Array("plain-token-value\n".utf8)) == nil)
    }

    @Test func secretPathsInValues() {
        #expect(SecretNotMounted.secretPath(in: "file:///run/secrets/outpost_token") == "/run/secrets/outpost_token")
        #expect(SecretNotMounted.secretPath(in: "filepath:/run/secrets/notifiarr_api_key") == "/run/secrets/notifiarr_api_key")
        #expect(SecretNotMounted.secretPath(in: "/run/secrets/") == nil)
        #expect(PostureImageUnpinned.problem("registry:5000/app") == "untagged")
        #expect(PostureImageUnpinned.problem("app:1.2@sha256:abc") == nil)
        #expect(PostureImageUnpinned.problem("ghcr.io/a/b:latest") == "latest")
    }
}
