// Fuzzes the AUTHENTICATE PLAIN path: the strict base64 decoder and the
// RFC 4616 message parser, with the properties they promise:
//  - base64: decode(encode(x)) == x, and a text that decodes is canonical
//    (encode(decode(t)) == t);
//  - PLAIN: accepted fields hold no NUL, are within plain_field_max, authcid
//    and password are non-empty, and the fields rebuild the message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/sasl.hpp"
#include "base/base64.hpp"

using namespace cairn;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);

  // The input as a client's base64 line.
  if (auto raw = base64::decode(in)) {
    if (base64::encode(*raw) != in) std::abort();
  }
  (void)auth::decode_plain(in);

  // The input as an already-decoded message.
  if (auto c = auth::parse_plain(in)) {
    for (const std::string* f : {&c->authzid, &c->authcid, &c->password}) {
      if (f->find('\0') != std::string::npos) std::abort();
      if (f->size() > auth::plain_field_max) std::abort();
    }
    if (c->authcid.empty() || c->password.empty()) std::abort();
    if (!auth::is_valid_utf8(c->authcid) || !auth::is_valid_utf8(c->authzid)) std::abort();
    std::string rebuilt = c->authzid + '\0' + c->authcid + '\0' + c->password;
    if (rebuilt != in) std::abort();
    // And the same message through base64 gives the same answer.
    auto again = auth::decode_plain(base64::encode(in));
    if (!again || again->authcid != c->authcid || again->password != c->password) std::abort();
  }

  // Round trip of arbitrary bytes.
  auto back = base64::decode(base64::encode(in));
  if (!back || *back != in) std::abort();
  return 0;
}
