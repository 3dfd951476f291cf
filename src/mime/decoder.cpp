#include "mime/decoder.hpp"

namespace cairn::mime {
namespace {

constexpr int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_ws(char c) { return c == ' ' || c == '\t'; }

}  // namespace

void base64_decoder::feed(std::string_view in, std::string& out) {
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '=') {
      padding_ = true;
      continue;
    }
    int v = b64_value(c);
    if (v < 0) {
      if (c != '\r' && c != '\n' && c != ' ' && c != '\t') broken_ = true;
      continue;
    }
    if (padding_) broken_ = true;  // data after padding: decode it anyway
    acc_ = (acc_ << 6) | static_cast<std::uint32_t>(v);
    if (++have_ == 4) {
      out += static_cast<char>((acc_ >> 16) & 0xff);
      out += static_cast<char>((acc_ >> 8) & 0xff);
      out += static_cast<char>(acc_ & 0xff);
      acc_ = 0;
      have_ = 0;
    }
  }
}

void base64_decoder::finish(std::string& out) {
  // A final partial quantum: 2 sextets give 1 byte, 3 give 2.
  if (have_ == 2) {
    out += static_cast<char>((acc_ >> 4) & 0xff);
  } else if (have_ == 3) {
    out += static_cast<char>((acc_ >> 10) & 0xff);
    out += static_cast<char>((acc_ >> 2) & 0xff);
  } else if (have_ == 1) {
    broken_ = true;
  }
  if (have_ != 0 && !padding_) broken_ = true;
  acc_ = 0;
  have_ = 0;
}

// Quoted-printable: "=XX" is a byte, "=" at the end of a line (white space
// allowed between) is a soft line break, white space at the end of a line is
// dropped (RFC 2045 section 6.7 rule 3). Line breaks come out as they came
// in (CRLF in a stored message).
void qp_decoder::byte(char c, std::string& out) {
  if (in_eq_) {
    if (eq_ws_) {
      if (is_ws(c)) return;
      if (c == '\r') {
        saw_cr_ = true;
        return;
      }
      if (c == '\n') {  // soft line break
        in_eq_ = eq_ws_ = saw_cr_ = false;
        return;
      }
      // "= x": not a soft break after all; keep what was there.
      broken_ = true;
      out += '=';
      if (saw_cr_) out += '\r';
      in_eq_ = eq_ws_ = saw_cr_ = false;
      byte(c, out);
      return;
    }
    if (eq_len_ == 0) {
      if (c == '\r') {
        eq_[0] = c;
        eq_len_ = 1;
        return;
      }
      if (c == '\n') {
        in_eq_ = false;
        return;
      }
      if (is_ws(c)) {
        eq_ws_ = true;
        return;
      }
      eq_[0] = c;
      eq_len_ = 1;
      return;
    }
    char first = eq_[0];
    in_eq_ = false;
    eq_len_ = 0;
    if (first == '\r') {
      if (c == '\n') return;  // "=\r\n": soft line break
      broken_ = true;
      out += "=\r";
      byte(c, out);
      return;
    }
    int hi = hex_value(first), lo = hex_value(c);
    if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      return;
    }
    broken_ = true;
    out += '=';
    byte(first, out);
    byte(c, out);
    return;
  }
  if (is_ws(c)) {
    pending_ws_ += c;
    return;
  }
  if (c == '\r') {
    // Trailing white space before a line break is dropped; keep the CR
    // pending until we know whether LF follows.
    if (saw_cr_) {  // the earlier CR was a bare one: data
      out += pending_ws_;
      pending_ws_.clear();
      out += '\r';
    }
    saw_cr_ = true;
    return;
  }
  if (c == '\n') {
    pending_ws_.clear();
    if (saw_cr_) out += '\r';
    saw_cr_ = false;
    out += '\n';
    return;
  }
  if (saw_cr_) {
    // A bare CR inside a line: data, and white space before it stays.
    out += pending_ws_;
    pending_ws_.clear();
    out += '\r';
    saw_cr_ = false;
  }
  out += pending_ws_;
  pending_ws_.clear();
  if (c == '=') {
    in_eq_ = true;
    eq_len_ = 0;
    eq_ws_ = false;
    return;
  }
  out += c;
}

void qp_decoder::feed(std::string_view in, std::string& out) {
  for (char c : in) byte(c, out);
}

void qp_decoder::finish(std::string& out) {
  if (in_eq_) {
    // "=" at the very end (with or without white space): a soft break.
    if (!eq_ws_ && eq_len_ == 1 && eq_[0] != '\r') {
      broken_ = true;
      out += '=';
      out += eq_[0];
    }
    in_eq_ = eq_ws_ = false;
    eq_len_ = 0;
    saw_cr_ = false;
    return;
  }
  // Trailing white space at the end of the data is dropped like at a line end.
  pending_ws_.clear();
  if (saw_cr_) out += '\r';
  saw_cr_ = false;
}

void body_decoder::feed(std::string_view in, std::string& out) {
  switch (e_) {
    case transfer_encoding::base64: b64_.feed(in, out); break;
    case transfer_encoding::quoted_printable: qp_.feed(in, out); break;
    default: out.append(in); break;
  }
}

void body_decoder::finish(std::string& out) {
  if (e_ == transfer_encoding::base64) b64_.finish(out);
  else if (e_ == transfer_encoding::quoted_printable) qp_.finish(out);
}

bool body_decoder::broken() const {
  if (e_ == transfer_encoding::base64) return b64_.broken();
  if (e_ == transfer_encoding::quoted_printable) return qp_.broken();
  return false;
}

std::uint64_t decoded_size(std::string_view encoded, transfer_encoding e, std::size_t chunk) {
  if (e != transfer_encoding::base64 && e != transfer_encoding::quoted_printable)
    return encoded.size();
  if (chunk == 0) chunk = 1;
  body_decoder dec(e);
  std::string buf;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < encoded.size(); i += chunk) {
    buf.clear();
    dec.feed(encoded.substr(i, chunk), buf);
    total += buf.size();
  }
  buf.clear();
  dec.finish(buf);
  return total + buf.size();
}

std::string decode_base64(std::string_view in) {
  std::string out;
  base64_decoder d;
  d.feed(in, out);
  d.finish(out);
  return out;
}

std::string decode_qp(std::string_view in) {
  std::string out;
  qp_decoder d;
  d.feed(in, out);
  d.finish(out);
  return out;
}

}  // namespace cairn::mime
