/// Encrypted files that must be decrypted before deployment: git-crypt, SOPS, age, Ansible Vault,
/// OpenPGP. A service reading one would take the ciphertext as its secret.
enum CiphertextFormat {
    static func detect(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00] + Array("GITCRYPT".utf8)) { return "git-crypt" }
        let head = String(decoding: bytes.prefix(65536), as: UTF8.self)
        if head.hasPrefix("$ANSIBLE_VAULT;") { return "Ansible Vault" }
        if head.hasPrefix("age-encryption.org/v1") || head.contains("-----BEGIN AGE ENCRYPTED FILE-----") { return "age" }
        if head.contains("-----BEGIN PGP MESSAGE-----") { return "OpenPGP" }
        if head.contains("ENC[AES256_GCM,") || head.contains("\"sops\":") { return "SOPS" }
        for line in head.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("sops:") || line.hasPrefix("sops_version=") || line.hasPrefix("sops_mac=") { return "SOPS" }
        }
        return nil
    }
}
