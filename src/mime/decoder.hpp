#pragma once
// Streaming Content-Transfer-Encoding decoders (RFC 2045 sections 6.7 and
// 6.8) for BINARY[...] (RFC 3516) and for SEARCH.
//
// Contract: feed() any chunks in order, then finish(); the bytes appended to
// `out` are the same whatever the chunk boundaries (tests split every input
// at every offset). Memory: a few bytes of state (a partial base64 quantum,
// a pending "=X" or a run of white space that may turn out to be trailing);
// nothing else is kept, so a 50 MB part decodes in chunks of any size.
// Never fails: what is not valid is handled as RFC 2045 advises (base64:
// characters outside the alphabet are ignored; quoted-printable: a broken
// "=" sequence is kept as it is), and `broken()` says that it happened.
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/message.hpp"

namespace cairn::mime {

class base64_decoder {
 public:
  void feed(std::string_view in, std::string& out);
  void finish(std::string& out);
  bool broken() const { return broken_; }

 private:
  std::uint32_t acc_ = 0;
  unsigned have_ = 0;   // sextets in acc_
  bool padding_ = false;
  bool broken_ = false;
};

class qp_decoder {
 public:
  void feed(std::string_view in, std::string& out);
  void finish(std::string& out);
  bool broken() const { return broken_; }

 private:
  void byte(char c, std::string& out);
  std::string pending_ws_;  // white space not yet known to be inside a line
  char eq_[2] = {0, 0};     // after '=': up to two chars seen
  unsigned eq_len_ = 0;
  bool in_eq_ = false;
  bool eq_ws_ = false;      // "=" followed by white space: a soft break if a newline comes
  bool saw_cr_ = false;     // a CR waiting for its LF
  bool broken_ = false;
};

// One decoder for any transfer encoding; 7bit, 8bit and binary pass through.
// For transfer_encoding::unknown it passes through as well: callers answer
// NO [UNKNOWN-CTE] before they decode.
class body_decoder {
 public:
  explicit body_decoder(transfer_encoding e) : e_(e) {}
  void feed(std::string_view in, std::string& out);
  void finish(std::string& out);
  bool broken() const;

 private:
  transfer_encoding e_;
  base64_decoder b64_;
  qp_decoder qp_;
};

// BINARY.SIZE: the decoded size of `encoded`, decoded in chunks of `chunk`
// bytes so that no more than that is held at once.
std::uint64_t decoded_size(std::string_view encoded, transfer_encoding e,
                           std::size_t chunk = 64 * 1024);

// Whole-buffer conveniences.
std::string decode_base64(std::string_view in);
std::string decode_qp(std::string_view in);

}  // namespace cairn::mime
