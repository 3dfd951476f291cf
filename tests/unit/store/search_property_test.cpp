// Property test for SEARCH: random mailboxes (flags, keywords, dates, sizes,
// RFC 2047 headers, multipart bodies in several charsets and transfer
// encodings, copies, expunged mail, mail the indexer has not seen yet) and
// random search expressions. Three answers must agree for every expression:
// the store with its full-text index, the store reading every message (the
// scan), and a small evaluator written here from the model the messages
// were generated from, with its own i;unicode-casemap straight from ICU.
//
// Size: CAIRN_SEARCH_PROPERTY_BOXES mailboxes (default 30) of up to 24
// messages, 12 expressions each: 360 cases in the fast tier; the long tier
// sets e.g. 400 (4,800 cases). CAIRN_SEARCH_PROPERTY_SEED picks the seed.
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/base64.hpp"
#include "protocol/datetime.hpp"
#include "store/search.hpp"
#include "store/sqlite/embedded.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {
namespace {

using kind = search_key::kind;

// -- an independent i;unicode-casemap (RFC 5051), from ICU directly -----------

std::string fold(const std::string& utf8) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(utf8);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    icu::UnicodeString one(static_cast<UChar32>(u_totitle(c)));
    out += nfkd->normalize(one, err);
  }
  std::string s;
  out.toUTF8String(s);
  return s;
}

bool contains(const std::string& hay, const std::string& key) { return fold(hay).find(fold(key)) != std::string::npos; }

std::string to_charset(const std::string& utf8, const char* charset) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  std::string out(static_cast<std::size_t>(u.length()) * 8 + 16, '\0');
  int32_t n = u.extract(0, u.length(), out.data(), static_cast<uint32_t>(out.size()), charset);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// -- the model -----------------------------------------------------------------

struct field {
  std::string name;
  std::string value;  // decoded, as SEARCH compares it
  std::string raw;    // as written
};

struct part_model {
  std::string type;     // "text/plain", "text/html", "application/octet-stream"
  std::string charset;  // for text
  std::string cte;      // "7bit", "8bit", "base64", "quoted-printable"
  std::string text;     // UTF-8 (decoded)
  bool is_text() const { return type.rfind("text/", 0) == 0; }
};

struct message_model {
  std::vector<field> top;                  // the message's own header
  std::vector<std::vector<field>> part_headers;
  std::vector<part_model> parts;
  std::optional<zoned_time> sent;
  zoned_time internal;
  flags fl;
  std::string raw;
  uid_t uid = 0;
  modseq_t modseq = 0;
};

struct vocabulary {
  std::vector<std::string> ascii = {"alpha", "Beta", "gamma", "DELTA", "needle", "hay", "quartz", "zip", "ab", "x"};
  std::vector<std::string> latin1 = {"M\xc3\xbcller", "Stra\xc3\x9f" "e", "caf\xc3\xa9", "\xc3\x86r\xc3\xb8", "na\xc3\xafve"};
  std::vector<std::string> cyrillic = {"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\xbc\xd0\xb8\xd1\x80",
                                       "\xd0\xbe\xd1\x82\xd0\xbf\xd1\x83\xd1\x81\xd0\xba"};
  std::vector<std::string> chinese = {"\xe4\xb8\xad\xe6\x96\x87", "\xe6\x90\x9c\xe7\xb4\xa2"};
  std::vector<std::string> japanese = {"\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf",
                                       "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"};
  std::vector<std::string> emoji = {"\xf0\x9f\x8e\x89", "\xf0\x9f\x8d\xb0"};
};

class generator {
 public:
  explicit generator(std::uint64_t seed) : rng_(seed) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }
  template <class T>
  const T& one(const std::vector<T>& v) { return v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))]; }

  // Words a charset can carry.
  std::vector<std::string> words_for(const std::string& charset) {
    std::vector<std::string> w = v_.ascii;
    auto add = [&](const std::vector<std::string>& x) { w.insert(w.end(), x.begin(), x.end()); };
    if (charset == "utf-8") {
      add(v_.latin1), add(v_.cyrillic), add(v_.chinese), add(v_.japanese), add(v_.emoji);
    } else if (charset == "iso-8859-1") {
      add(v_.latin1);
    } else if (charset == "koi8-r") {
      add(v_.cyrillic);
    } else if (charset == "gb2312") {
      add(v_.chinese);
    } else if (charset == "iso-2022-jp") {
      add(v_.japanese);
    }
    return w;
  }
  std::vector<std::string> all_words() { return words_for("utf-8"); }

  // Words separated by spaces, and in a body now and then by line breaks.
  std::string phrase(const std::vector<std::string>& words, int n, bool lines = false) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i) s += lines && chance(15) ? "\r\n" : " ";
      s += one(words);
    }
    return s;
  }

  // A header value written plainly or as RFC 2047 words (split between
  // characters, folded), so that decoding gives `value` back.
  std::string encode_header(const std::string& value) {
    bool ascii = std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii && chance(70)) return value;
    // Split into pieces of whole code points.
    std::vector<std::string> pieces;
    std::string cur;
    for (std::size_t i = 0; i < value.size();) {
      std::size_t len = 1;
      auto c = static_cast<unsigned char>(value[i]);
      if (c >= 0xf0) len = 4;
      else if (c >= 0xe0) len = 3;
      else if (c >= 0xc0) len = 2;
      cur += value.substr(i, len);
      i += len;
      if (cur.size() > 6 && chance(40)) pieces.push_back(std::move(cur)), cur.clear();
    }
    if (!cur.empty()) pieces.push_back(cur);
    std::string out;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i) out += chance(50) ? "\r\n " : " ";
      if (chance(50)) {
        out += "=?UTF-8?B?" + base64::encode(pieces[i]) + "?=";
      } else {
        out += "=?utf-8?q?";
        for (unsigned char c : pieces[i]) {
          if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
          else if (c == ' ') out += '_';
          else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "=%02X", c);
            out += buf;
          }
        }
        out += "?=";
      }
    }
    return out;
  }

  static std::string qp(const std::string& bytes) {
    // Hard line breaks stay CRLF; everything else that is not plain
    // printable ASCII is =XX; lines are soft-broken before 76.
    std::string out;
    std::size_t col = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      auto c = static_cast<unsigned char>(bytes[i]);
      if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
        out += "\r\n";
        ++i;
        col = 0;
        continue;
      }
      std::string piece;
      bool before_break = i + 1 == bytes.size() || bytes[i + 1] == '\r';
      if ((c >= 33 && c <= 126 && c != '=') || (c == ' ' && !before_break)) {
        piece = std::string(1, static_cast<char>(c));
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "=%02X", c);
        piece = buf;
      }
      if (col + piece.size() > 72) {
        out += "=\r\n";
        col = 0;
      }
      out += piece;
      col += piece.size();
    }
    return out;
  }

  static std::string b64_lines(const std::string& bytes) {
    std::string e = base64::encode(bytes), out;
    for (std::size_t i = 0; i < e.size(); i += 76) {
      if (i) out += "\r\n";
      out += e.substr(i, 76);
    }
    return out;
  }

  part_model make_part() {
    part_model p;
    int t = pick(10);
    p.type = t < 6 ? "text/plain" : t < 8 ? "text/html" : "application/octet-stream";
    static const std::vector<std::string> charsets = {"utf-8", "utf-8", "iso-8859-1", "koi8-r", "gb2312", "iso-2022-jp"};
    p.charset = p.is_text() ? one(charsets) : "utf-8";
    auto words = words_for(p.charset);
    p.text = phrase(words, 1 + pick(12), true);
    if (p.type == "text/html") p.text = "<p>" + p.text + "</p>";
    if (p.charset == "iso-2022-jp") p.cte = chance(50) ? "7bit" : "base64";
    else {
      static const std::vector<std::string> ctes = {"8bit", "base64", "quoted-printable"};
      p.cte = p.is_text() ? one(ctes) : "base64";
    }
    return p;
  }

  std::string encode_body(const part_model& p) {
    std::string bytes = p.charset == "utf-8" ? p.text : to_charset(p.text, p.charset.c_str());
    if (p.cte == "base64") return b64_lines(bytes);
    if (p.cte == "quoted-printable") return qp(bytes);
    return bytes;
  }

  std::vector<field> part_fields(const part_model& p) {
    std::vector<field> f;
    std::string ct = p.type + (p.is_text() ? "; charset=" + p.charset : "");
    f.push_back({"Content-Type", ct, ct});
    f.push_back({"Content-Transfer-Encoding", p.cte, p.cte});
    return f;
  }

  static std::string date_text(zoned_time t) {
    static const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t local = t.unix_seconds + std::int64_t(t.offset_minutes) * 60;
    std::int64_t d = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    std::int64_t s = local - d * 86400;
    auto cd = proto::civil_from_days(d);
    int off = std::abs(t.offset_minutes);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d", days[((d % 7) + 7) % 7], cd.day,
                  months[cd.month - 1], cd.year, int(s / 3600), int(s / 60 % 60), int(s % 60),
                  t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
  }

  zoned_time random_time() {
    // Ten days around a fixed instant, in offsets from -12:00 to +14:00.
    std::int64_t base = 1700000000;
    return {base + pick(10 * 86400), (pick(27 * 4) - 12 * 4) * 15};
  }

  message_model make_message() {
    message_model m;
    auto all = all_words();
    auto add_top = [&](std::string name, std::string value) {
      m.top.push_back({name, value, encode_header(value)});
    };
    if (chance(90)) add_top("From", one(all) + " <" + one(v_.ascii) + "@example.org>");
    int tos = chance(15) ? 2 : chance(85) ? 1 : 0;
    for (int i = 0; i < tos; ++i) add_top("To", one(v_.ascii) + "@" + one(v_.ascii) + ".example");
    if (chance(30)) add_top("Cc", one(all) + " <cc@example.net>");
    if (chance(10)) add_top("Bcc", "hidden" + one(v_.ascii) + "@example.com");
    if (chance(90)) add_top("Subject", phrase(all, 1 + pick(4)));
    if (chance(40)) add_top("X-Tag", one(v_.ascii) + "-" + std::to_string(pick(100)));
    int d = pick(10);
    if (d < 7) {
      m.sent = random_time();
      std::string t = date_text(*m.sent);
      m.top.push_back({"Date", t, t});
    } else if (d < 8) {
      m.top.push_back({"Date", "not a date", "not a date"});
    }
    int nparts = chance(60) ? 1 : 2 + pick(3);
    for (int i = 0; i < nparts; ++i) m.parts.push_back(make_part());
    m.top.push_back({"MIME-Version", "1.0", "1.0"});
    if (nparts == 1) {
      for (auto& f : part_fields(m.parts[0])) m.top.push_back(f);
    } else {
      m.top.push_back({"Content-Type", "multipart/mixed; boundary=\"=_b_=\"", "multipart/mixed; boundary=\"=_b_=\""});
      for (auto& p : m.parts) m.part_headers.push_back(part_fields(p));
    }
    // Bytes.
    std::string raw;
    for (const auto& f : m.top) raw += f.name + ": " + f.raw + "\r\n";
    raw += "\r\n";
    if (nparts == 1) {
      raw += encode_body(m.parts[0]);
    } else {
      raw += "preamble\r\n";
      for (std::size_t i = 0; i < m.parts.size(); ++i) {
        raw += "--=_b_=\r\n";
        for (const auto& f : m.part_headers[i]) raw += f.name + ": " + f.raw + "\r\n";
        raw += "\r\n" + encode_body(m.parts[i]) + "\r\n";
      }
      raw += "--=_b_=--\r\n";
    }
    m.raw = std::move(raw);
    m.internal = random_time();
    static const std::uint8_t bits[] = {flag_seen, flag_answered, flag_flagged, flag_deleted, flag_draft};
    for (auto b : bits)
      if (chance(35)) m.fl.system |= b;
    static const std::vector<std::string> kws = {"$Junk", "Later", "work"};
    for (const auto& k : kws)
      if (chance(25)) m.fl.keywords.push_back(k);
    return m;
  }

  // -- expressions --------------------------------------------------------------

  std::string key_string() {
    auto all = all_words();
    int c = pick(10);
    std::string w = one(all);
    if (c < 3) return w;
    if (c < 5) {
      // A piece of a word: often shorter than a trigram.
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
      int32_t n = u.countChar32();
      int32_t from = pick(n), len = 1 + pick(std::min<int32_t>(4, n - from));
      icu::UnicodeString sub;
      u.extract(u.moveIndex32(0, from), u.moveIndex32(u.moveIndex32(0, from), len) - u.moveIndex32(0, from), sub);
      std::string s;
      sub.toUTF8String(s);
      return s;
    }
    if (c < 7) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
      std::string s;
      (chance(50) ? u.toUpper() : u.toLower()).toUTF8String(s);
      return s;
    }
    if (c < 8) return w + " " + one(all);
    if (c < 9) return "";
    return "nowhere-" + std::to_string(pick(1000));
  }

  search_key key(int depth, const std::vector<message_model>& msgs) {
    search_key k;
    int c = pick(depth >= 3 ? 19 : 23);
    switch (c) {
      case 0: k.k = kind::all; break;
      case 1:
      case 2: {
        static const std::uint8_t bits[] = {flag_seen, flag_answered, flag_flagged, flag_deleted, flag_draft};
        k.k = kind::flag;
        k.number = bits[pick(5)];
        if (chance(20)) k.number |= bits[pick(5)];
        break;
      }
      case 3: k.k = kind::keyword; k.text = one(std::vector<std::string>{"$junk", "LATER", "work", "none"}); break;
      case 4:
      case 5: {
        static const kind ks[] = {kind::before_day, kind::on_day, kind::since_day, kind::sent_before_day,
                                  kind::sent_on_day, kind::sent_since_day};
        k.k = ks[pick(6)];
        k.number = 1700000000 / 86400 - 1 + pick(13);
        break;
      }
      case 6: {
        k.k = chance(50) ? kind::at_or_before : kind::at_or_after;
        const auto& m = msgs[static_cast<std::size_t>(pick(static_cast<int>(msgs.size())))];
        k.number = m.internal.unix_seconds + (pick(3) - 1);
        break;
      }
      case 7: {
        k.k = chance(50) ? kind::larger : kind::smaller;
        const auto& m = msgs[static_cast<std::size_t>(pick(static_cast<int>(msgs.size())))];
        k.number = static_cast<std::int64_t>(m.raw.size()) + (pick(3) - 1);
        break;
      }
      case 8:
        if (chance(30)) {
          k.k = kind::modseq;
          const auto& m = msgs[static_cast<std::size_t>(pick(static_cast<int>(msgs.size())))];
          k.number = static_cast<std::int64_t>(m.modseq) + (pick(3) - 1);
          break;
        }
        {
        k.k = kind::uids;
        int n = 1 + pick(3);
        for (int i = 0; i < n; ++i) {
          uid_t a = static_cast<uid_t>(1 + pick(40)), b = static_cast<uid_t>(a + pick(5));
          k.uids.push_back({a, b});
        }
        break;
        }
      case 9: k.k = kind::from; k.text = key_string(); break;
      case 10: k.k = kind::to; k.text = chance(50) ? key_string() : one(generator_words_ascii()); break;
      case 11: k.k = chance(50) ? kind::cc : kind::bcc; k.text = key_string(); break;
      case 12:
      case 13: k.k = kind::subject; k.text = key_string(); break;
      case 14: {
        k.k = kind::header;
        k.name = one(std::vector<std::string>{"X-Tag", "x-tag", "Subject", "Content-Type", "X-None", "Date",
                                              "Content-Transfer-Encoding"});
        k.text = chance(30) ? std::string() : chance(50) ? key_string() : one(generator_words_ascii());
        break;
      }
      case 15:
      case 16:
      case 17: k.k = kind::body; k.text = key_string(); break;
      case 18: k.k = kind::text; k.text = key_string(); break;
      case 19:
      case 20:
        k.k = kind::not_;
        k.children.push_back(key(depth + 1, msgs));
        break;
      case 21: k.k = kind::or_; goto two;
      case 22: k.k = kind::and_;
      two:
        k.children.push_back(key(depth + 1, msgs));
        k.children.push_back(key(depth + 1, msgs));
        if (chance(30)) k.children.push_back(key(depth + 1, msgs));
        break;
    }
    return k;
  }

  std::vector<std::string> generator_words_ascii() { return v_.ascii; }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  vocabulary v_;
};

// -- the independent evaluator --------------------------------------------------

std::int64_t day_of(zoned_time t) {
  std::int64_t local = t.unix_seconds + std::int64_t(t.offset_minutes) * 60;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

bool iequal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool field_match(const message_model& m, const std::string& name, const std::string& key) {
  for (const auto& f : m.top)
    if (iequal(f.name, name) && (key.empty() || contains(f.value, key))) return true;
  return false;
}

std::string header_text(const message_model& m) {
  std::string s;
  for (const auto& f : m.top) s += "\n" + f.name + ": " + f.value;
  for (const auto& h : m.part_headers)
    for (const auto& f : h) s += "\n" + f.name + ": " + f.value;
  return s;
}

std::string body_text(const message_model& m) {
  std::string s;
  for (const auto& p : m.parts)
    if (p.is_text()) s += "\n" + p.text;
  return s;
}

bool model_match(const search_key& k, const message_model& m) {
  switch (k.k) {
    case kind::all: return true;
    case kind::none: return false;
    case kind::and_:
      for (const auto& c : k.children)
        if (!model_match(c, m)) return false;
      return true;
    case kind::or_:
      for (const auto& c : k.children)
        if (model_match(c, m)) return true;
      return false;
    case kind::not_: return !model_match(k.children[0], m);
    case kind::uids:
      for (const auto& r : k.uids)
        if (m.uid >= r.first && m.uid <= r.last) return true;
      return false;
    case kind::flag: return (m.fl.system & k.number) == k.number;
    case kind::keyword:
      for (const auto& kw : m.fl.keywords)
        if (iequal(kw, k.text)) return true;
      return false;
    case kind::before_day: return day_of(m.internal) < k.number;
    case kind::on_day: return day_of(m.internal) == k.number;
    case kind::since_day: return day_of(m.internal) >= k.number;
    case kind::sent_before_day: return m.sent && day_of(*m.sent) < k.number;
    case kind::sent_on_day: return m.sent && day_of(*m.sent) == k.number;
    case kind::sent_since_day: return m.sent && day_of(*m.sent) >= k.number;
    case kind::at_or_before: return m.internal.unix_seconds <= k.number;
    case kind::at_or_after: return m.internal.unix_seconds >= k.number;
    case kind::larger: return static_cast<std::int64_t>(m.raw.size()) > k.number;
    case kind::smaller: return static_cast<std::int64_t>(m.raw.size()) < k.number;
    case kind::modseq: return static_cast<std::int64_t>(m.modseq) >= k.number;
    case kind::from: return field_match(m, "From", k.text);
    case kind::to: return field_match(m, "To", k.text);
    case kind::cc: return field_match(m, "Cc", k.text);
    case kind::bcc: return field_match(m, "Bcc", k.text);
    case kind::subject: return field_match(m, "Subject", k.text);
    case kind::header: return field_match(m, k.name, k.text);
    case kind::body: return contains(body_text(m), k.text);
    case kind::text: return contains(body_text(m), k.text) || contains(header_text(m), k.text);
  }
  return false;
}

std::string describe(const search_key& k) {
  std::ostringstream o;
  o << static_cast<int>(k.k);
  if (!k.name.empty()) o << "[" << k.name << "]";
  if (!k.text.empty() || k.k == kind::body || k.k == kind::text) o << "\"" << k.text << "\"";
  if (k.number) o << "#" << k.number;
  for (const auto& r : k.uids) o << " " << r.first << ":" << r.last;
  if (!k.children.empty()) {
    o << "(";
    for (const auto& c : k.children) o << describe(c) << " ";
    o << ")";
  }
  return o.str();
}

class search_property_test : public store_test {
 protected:
  void customize(embedded_options& o) override { o.background_indexing = false; }
};

TEST_F(search_property_test, IndexScanAndModelAgree) {
  const char* env_boxes = std::getenv("CAIRN_SEARCH_PROPERTY_BOXES");
  const char* env_seed = std::getenv("CAIRN_SEARCH_PROPERTY_SEED");
  const int boxes = env_boxes ? std::atoi(env_boxes) : 30;
  const std::uint64_t seed = env_seed ? std::strtoull(env_seed, nullptr, 10) : 20240501;
  generator g(seed);
  std::size_t cases = 0, matched = 0, indexed_lookups = 0, scanned = 0;
  for (int b = 0; b < boxes; ++b) {
    auto box = make_box("box" + std::to_string(b));
    std::vector<message_model> msgs;
    const int n = 1 + g.pick(24);
    std::vector<incoming_message> in;
    for (int i = 0; i < n; ++i) msgs.push_back(g.make_message());
    // Some mail arrives as before the index existed (no search data); the
    // rest through the ingest path; now and then a duplicate (one blob).
    std::vector<new_message> bare;
    for (int i = 0; i < n; ++i) {
      if (i > 0 && g.chance(8)) msgs[static_cast<std::size_t>(i)].raw = msgs[static_cast<std::size_t>(i - 1)].raw,
                                msgs[static_cast<std::size_t>(i)].top = msgs[static_cast<std::size_t>(i - 1)].top,
                                msgs[static_cast<std::size_t>(i)].part_headers = msgs[static_cast<std::size_t>(i - 1)].part_headers,
                                msgs[static_cast<std::size_t>(i)].parts = msgs[static_cast<std::size_t>(i - 1)].parts,
                                msgs[static_cast<std::size_t>(i)].sent = msgs[static_cast<std::size_t>(i - 1)].sent;
    }
    for (auto& m : msgs) {
      if (g.chance(20)) {
        auto ref = acct_->put_blob(m.raw);
        ASSERT_TRUE(ref);
        auto r = acct_->append(box, {new_message{*ref, m.fl, m.internal, {}, nullptr}});
        ASSERT_TRUE(r);
        m.uid = r->uids[0];
        m.modseq = r->modseq;
      } else {
        incoming_message one{m.raw, m.fl, m.internal};
        auto r = ingest(*acct_, box, std::span<const incoming_message>(&one, 1));
        ASSERT_TRUE(r) << r.error().message();
        m.uid = r->uids[0];
        m.modseq = r->modseq;
      }
    }
    // Expunge and purge some: their text leaves the index.
    if (g.chance(30) && msgs.size() > 2) {
      std::vector<uid_t> gone;
      for (auto& m : msgs)
        if (g.chance(25)) gone.push_back(m.uid);
      if (!gone.empty()) {
        ASSERT_TRUE(acct_->store_flags(box, gone, flag_op::add, flags{flag_deleted, {}}));
        uid_ranges only;
        for (auto u : gone) only.push_back({u, u});
        auto x = acct_->expunge(box, only);
        ASSERT_TRUE(x);
        ASSERT_TRUE(acct_->purge(box, x->modseq));
        std::erase_if(msgs, [&](const message_model& m) { return std::find(gone.begin(), gone.end(), m.uid) != gone.end(); });
        for (auto& m : msgs) m.fl.system |= 0;  // flags of survivors unchanged
      }
    }
    // Half the time the background indexer has caught up.
    if (g.chance(50)) {
      for (int i = 0; i < 100; ++i) {
        auto more = sqlite::build_search_index(*acct_, 8);
        ASSERT_TRUE(more);
        if (!*more) break;
      }
    }
    if (msgs.empty()) continue;
    for (int e = 0; e < 12; ++e) {
      search_key key = g.key(0, msgs);
      // Often a top-level AND, with UNSEEN now and then: what the embedded
      // store filters in SQL before evaluating (sqlite/search.cpp).
      if (g.chance(40)) {
        search_key both;
        both.k = kind::and_;
        both.children.push_back(std::move(key));
        both.children.push_back(g.key(1, msgs));
        if (g.chance(50)) {
          search_key unseen;
          unseen.k = kind::not_;
          unseen.children.emplace_back();
          unseen.children[0].k = kind::flag;
          unseen.children[0].number = flag_seen;
          both.children.push_back(std::move(unseen));
        }
        key = std::move(both);
      }
      std::vector<uid_t> want;
      for (const auto& m : msgs)
        if (model_match(key, m)) want.push_back(m.uid);
      search_options with_index, scan_only;
      scan_only.use_index = false;
      auto a = acct_->search(box, key, with_index);
      auto s = acct_->search(box, key, scan_only);
      ASSERT_TRUE(a) << a.error().message();
      ASSERT_TRUE(s) << s.error().message();
      EXPECT_EQ(a->uids, want) << "index vs model, box " << b << ": " << describe(key);
      EXPECT_EQ(s->uids, want) << "scan vs model, box " << b << ": " << describe(key);
      if (::testing::Test::HasFailure()) {
        for (const auto& m : msgs)
          if (std::count(want.begin(), want.end(), m.uid) != std::count(a->uids.begin(), a->uids.end(), m.uid) ||
              std::count(want.begin(), want.end(), m.uid) != std::count(s->uids.begin(), s->uids.end(), m.uid))
            ADD_FAILURE() << "uid " << m.uid << ":\n" << m.raw;
        return;
      }
      ++cases;
      matched += want.size();
      indexed_lookups += a->stats.index_lookups;
      scanned += s->stats.scanned;
    }
  }
  // The test must exercise both answers and the index.
  EXPECT_GT(matched, cases / 4);
  EXPECT_GT(indexed_lookups, cases / 8);
  RecordProperty("cases", static_cast<int>(cases));
  std::printf("search property: %zu cases, %zu matches, %zu index lookups, %zu messages scanned\n", cases, matched,
              indexed_lookups, scanned);
}

}  // namespace
}  // namespace cairn::store::testing
