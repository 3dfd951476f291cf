#pragma once
// Low-level RFC 5322 / RFC 2045 lexer over one header value: CFWS, atoms,
// dot-atoms, quoted strings, phrases, domains, MIME tokens and parameters.
//
// Contract. A `lexer` walks a byte range it does not own; every function
// consumes what it recognises and reports, like Dovecot's rfc822-parser.c
// (whose lenient choices these follow, so that ENVELOPE and BODYSTRUCTURE
// match Dovecot's for broken mail):
//   > 0  recognised, and more input follows;
//   = 0  recognised, and the input ends here;
//   < 0  not recognised / broken (position then is unspecified but within
//        bounds; callers decide how to go on).
// Nothing here allocates except appending to the caller's `out` string, and
// nothing reads outside [data, end). No recursion: comments nest with a
// counter.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::mime {

// RFC 5322 atext (8-bit bytes count as atext, as in Dovecot and RFC 6532).
bool is_atext(unsigned char c);
// RFC 2045 token character (atext minus tspecials, plus '.').
bool is_token_char(unsigned char c);

class lexer {
 public:
  explicit lexer(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool at_end() const { return p_ >= end_; }
  char peek() const { return *p_; }  // only when !at_end()
  void advance() { ++p_; }
  const char* pos() const { return p_; }
  void set_pos(const char* p) { p_ = p; }
  std::string_view rest() const { return {p_, static_cast<std::size_t>(end_ - p_)}; }

  // Skips white space (SP, TAB, CR, LF) and comments.
  int skip_cfws();
  // From now on every comment skipped replaces `*c` with its text (the last
  // comment wins), as Dovecot's last_comment does for "addr (Name)".
  void track_comments(std::string* c) { comment_ = c; }
  int atom(std::string& out);
  // dot-atom, allowing CFWS around the dots (RFC 822).
  int dot_atom(std::string& out);
  // MIME token; '.' allowed.
  int token(std::string& out);
  // Quoted string without the quotes; quoted-pairs unescaped, folding
  // (CR)LF removed. Must be at '"'.
  int quoted_string(std::string& out);
  // phrase / obs-phrase: words separated by single spaces.
  int phrase(std::string& out);
  // Must be at '@': domain (dot-atom or domain-literal kept with brackets).
  int domain(std::string& out);
  // "type/subtype"; `out` receives what could be read even when broken.
  int content_type(std::string& out);
  // One ";" attribute "=" value. Returns 0 at end of input, < 0 broken.
  int parameter(std::string& key, std::string& value);

 private:
  int skip_comment();
  int atom_or_dot(std::string& out);
  int domain_literal(std::string& out);

  const char* p_;
  const char* end_;
  std::string* comment_ = nullptr;
};

struct param {
  std::string name;
  std::string value;
  bool operator==(const param&) const = default;
};

// Parameters after a Content-Type or Content-Disposition value, RFC 2231
// continuations merged the way Dovecot merges them: "name*0*", "name*1*"...
// become one "name*" whose value keeps its charset'language' prefix and %XX
// escapes (use decode_rfc2231_value to decode). Parameters without a
// continuation come first, in message order; merged ones follow, sorted by
// name. Broken parameters are skipped; `broken` (if given) is set then.
std::vector<param> parse_parameters(lexer& lx, bool* broken = nullptr);

// Decodes an extended RFC 2231 value "charset'lang'%XX..." to UTF-8.
// Unknown charsets or bad escapes decode as far as they can; a value not in
// that form comes back as it is. The result is always valid UTF-8.
std::string decode_rfc2231_value(std::string_view value);

// Finds a parameter by name, case-insensitively; an RFC 2231 "name*" form is
// decoded to UTF-8. Returns false when absent.
bool find_parameter(const std::vector<param>& params, std::string_view name, std::string& value);

bool iequals(std::string_view a, std::string_view b);

}  // namespace cairn::mime
