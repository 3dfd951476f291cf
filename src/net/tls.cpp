#include "net/tls.hpp"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace cairn::net {
namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (!e) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

bool readable(const std::filesystem::path& p, std::string& error) {
  std::ifstream f(p);
  if (!f) {
    error = p.string() + ": cannot read";
    return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<asio::ssl::context> make_server_context(const tls_files& files, std::string& error) {
  if (!readable(files.certificate, error) || !readable(files.key, error)) return nullptr;
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* c = ctx->native_handle();
  SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
  SSL_CTX_set_options(c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_SSLv2 |
                             SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  SSL_CTX_set_cipher_list(c,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_SERVER);
  SSL_CTX_set_session_id_context(c, reinterpret_cast<const unsigned char*>("cairn"), 5);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(c, files.certificate.c_str()) != 1) {
    error = files.certificate.string() + ": " + openssl_error();
    return nullptr;
  }
  if (SSL_CTX_use_PrivateKey_file(c, files.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = files.key.string() + ": " + openssl_error();
    return nullptr;
  }
  if (SSL_CTX_check_private_key(c) != 1) {
    error = files.key.string() + ": key does not match the certificate";
    return nullptr;
  }
  return ctx;
}

bool ensure_self_signed(const std::filesystem::path& dir, tls_files& out, std::string& error) {
  out.certificate = dir / "tls-cert.pem";
  out.key = dir / "tls-key.pem";
  std::error_code fec;
  if (std::filesystem::exists(out.certificate, fec) && std::filesystem::exists(out.key, fec)) return false;

  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x = X509_new();
  bool ok = pkey && x;
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);
  if (ok) {
    X509_set_version(x, 2);
    unsigned char serial[16];
    ok = RAND_bytes(serial, sizeof serial) == 1;
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 24 * 3600);
    X509_set_pubkey(x, pkey);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Cairn (self-signed)"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(host), -1, -1, 0);
    X509_set_issuer_name(x, name);
    std::string san = std::string("DNS:") + host + ",DNS:localhost,IP:127.0.0.1,IP:::1";
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, san.c_str()},
                              std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                              std::pair{NID_ext_key_usage, "serverAuth"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
      if (!ext) {
        ok = false;
        break;
      }
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
    ok = ok && X509_sign(x, pkey, EVP_sha256()) > 0;
  }
  if (ok) {
    std::filesystem::path tmp_key = out.key.string() + ".tmp", tmp_cert = out.certificate.string() + ".tmp";
    mode_t old = umask(077);
    FILE* fk = std::fopen(tmp_key.c_str(), "w");
    FILE* fc = std::fopen(tmp_cert.c_str(), "w");
    umask(old);
    ok = fk && fc && PEM_write_PrivateKey(fk, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
         PEM_write_X509(fc, x) == 1;
    if (fk) std::fclose(fk);
    if (fc) std::fclose(fc);
    if (ok) {
      std::filesystem::rename(tmp_key, out.key, fec);
      if (!fec) std::filesystem::rename(tmp_cert, out.certificate, fec);
      ok = !fec;
    }
    if (!ok) error = "cannot write " + out.certificate.string() + (fec ? ": " + fec.message() : "");
  } else {
    error = "cannot create a self-signed certificate: " + openssl_error();
  }
  X509_free(x);
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace cairn::net
