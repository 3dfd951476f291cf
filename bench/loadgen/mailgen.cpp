#include "mailgen.hpp"

#include "rng.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <string_view>
#include <vector>

namespace bench {
namespace {

constexpr std::string_view words[] = {
    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for", "on", "are", "with",
    "as", "I", "his", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by", "word", "but",
    "what", "some", "we", "can", "out", "other", "were", "all", "there", "when", "up", "use", "your", "how",
    "said", "an", "each", "she", "which", "do", "their", "time", "if", "will", "way", "about", "many",
    "then", "them", "write", "would", "like", "so", "these", "her", "long", "make", "thing", "see", "him",
    "two", "has", "look", "more", "day", "could", "go", "come", "did", "number", "sound", "no", "most",
    "people", "my", "over", "know", "water", "than", "call", "first", "who", "may", "down", "side", "been",
    "now", "find", "meeting", "report", "budget", "project", "deadline", "review", "draft", "schedule",
    "invoice", "contract", "quarter", "release", "server", "customer", "feedback", "proposal", "update",
    "agenda", "minutes", "travel", "office", "team", "design", "question", "answer", "attached", "please",
    "thanks", "tomorrow", "Monday", "Friday", "week", "month", "plan", "numbers", "figures", "version",
    "change", "issue", "fix", "test", "results", "account", "payment", "order", "delivery", "support",
    "ticket", "price", "offer", "discount", "board", "quarterly", "forecast", "hiring", "launch"};

constexpr std::string_view utf8_words[] = {
    "Grüße", "café", "naïve", "Zürich", "résumé", "Straße", "Übersicht", "déjà", "Ångström", "Привет",
    "日本語", "señor"};

constexpr std::string_view first_names[] = {
    "Alice", "Bob", "Carol", "David", "Eve", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj",
    "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Wendy", "Anna", "Lukas", "Sophie",
    "Jonas", "Marie", "Paul", "Laura", "Felix", "Emma", "Noah", "Mia", "Leon", "Hannah", "Elias", "Lea",
    "Ben", "Clara", "Finn", "Julia", "Tom"};
constexpr std::string_view last_names[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Lopez", "Lee", "Harris",
    "Clark", "Lewis", "Walker", "Hall", "Young", "Müller", "Schmidt", "Schneider", "Fischer", "Weber"};
constexpr std::string_view domains[] = {
    "example.com", "example.net", "mail.example.org", "corp.example", "lists.example.net", "shop.example",
    "news.example.com", "bank.example", "travel.example", "uni.example.edu", "dev.example.io",
    "partner.example.co.uk", "example.de", "support.example.com"};
constexpr std::string_view mailers[] = {
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.6.0",
    "X-Mailer: Apple Mail (2.3774.300.61.1.2)", "X-Mailer: Microsoft Outlook 16.0",
    "User-Agent: Roundcube Webmail/1.6.5", "X-Mailer: iPhone Mail (21D61)",
    "User-Agent: Mutt/2.2.9 (2022-11-12)", "X-Mailer: MailChimp Mailer - **CIDf1e2d3c4b5a6**",
    "User-Agent: K-9 Mail for Android"};
constexpr std::string_view zones[] = {"+0000", "+0100", "+0200", "-0500", "-0800", "+0530",
                                                   "+0900"};
constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

constexpr std::string_view b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int64_t span_start = 1672531200;  // 2023-01-01T00:00:00Z
constexpr std::int64_t span_seconds = 2 * 365 * 86400;

int zone_minutes(std::string_view z) {
  int v = ((z[1] - '0') * 10 + (z[2] - '0')) * 60 + (z[3] - '0') * 10 + (z[4] - '0');
  return z[0] == '-' ? -v : v;
}

struct when {
  std::int64_t t;
  std::string_view zone;
};

when date_of(std::uint64_t seed, std::uint64_t index, std::uint64_t count) {
  rng r(mix(seed ^ 0xda7e, index));
  count = std::max<std::uint64_t>(count, 1);
  std::int64_t step = span_seconds / static_cast<std::int64_t>(count);
  std::int64_t t = span_start + static_cast<std::int64_t>(index % count) * step +
                   static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(std::max<std::int64_t>(step, 1))));
  return {t, r.pick(zones)};
}

std::tm local_tm(const when& w) {
  std::time_t lt = static_cast<std::time_t>(w.t + zone_minutes(w.zone) * 60);
  std::tm tm{};
  gmtime_r(&lt, &tm);
  return tm;
}

std::string two(int v) {
  std::string s = std::to_string(v);
  return v < 10 ? "0" + s : s;
}

// RFC 5322 date-time: "Tue, 12 Mar 2024 10:11:12 +0100"
std::string rfc5322_date(const when& w) {
  std::tm tm = local_tm(w);
  std::string s(weekdays[static_cast<std::size_t>(tm.tm_wday)]);
  s += ", " + std::to_string(tm.tm_mday) + " " + std::string(months[static_cast<std::size_t>(tm.tm_mon)]) + " " +
       std::to_string(tm.tm_year + 1900) + " " + two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) +
       " " + std::string(w.zone);
  return s;
}

void base64_lines(std::string& out, std::string_view in) {
  std::size_t col = 0;
  auto put = [&](char c) {
    out += c;
    if (++col == 76) {
      out += "\r\n";
      col = 0;
    }
  };
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    auto b0 = static_cast<unsigned char>(in[i]), b1 = static_cast<unsigned char>(in[i + 1]),
         b2 = static_cast<unsigned char>(in[i + 2]);
    put(b64chars[b0 >> 2]);
    put(b64chars[((b0 & 3) << 4) | (b1 >> 4)]);
    put(b64chars[((b1 & 15) << 2) | (b2 >> 6)]);
    put(b64chars[b2 & 63]);
  }
  if (i < in.size()) {
    auto b0 = static_cast<unsigned char>(in[i]);
    auto b1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    put(b64chars[b0 >> 2]);
    put(b64chars[((b0 & 3) << 4) | (b1 >> 4)]);
    put(i + 1 < in.size() ? b64chars[(b1 & 15) << 2] : '=');
    put('=');
  }
  if (col) out += "\r\n";
}

std::string random_b64(rng& r, std::size_t n) {
  std::string s;
  s.reserve(n);
  for (std::size_t i = 0; i < n; ++i) s += b64chars[r.below(64)];
  return s;
}

// Quoted-printable (RFC 2045 section 6.7) of one line of text, with soft
// line breaks so that no encoded line passes 76 octets.
void qp_line(std::string& out, std::string_view line) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::size_t col = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    bool literal = (c >= 33 && c <= 126 && c != '=') || (c == ' ' && !last);
    std::size_t need = literal ? 1 : 3;
    if (col + need > 75) {
      out += "=\r\n";
      col = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
    col += need;
  }
  out += "\r\n";
}

std::string sentence(rng& r, bool utf8) {
  std::size_t n = 6 + r.below(13);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view w = (utf8 && r.chance(0.08)) ? r.pick(utf8_words) : r.pick(words);
    if (i == 0) {
      std::string cap(w);
      if (cap[0] >= 'a' && cap[0] <= 'z') cap[0] = static_cast<char>(cap[0] - 32);
      s += cap;
    } else {
      s += ' ';
      s += w;
    }
    if (i + 1 < n && r.chance(0.06)) s += ',';
  }
  static constexpr char ends[] = {'.', '.', '?', '!'};
  s += ends[r.below(4)];
  return s;
}

// Plain text of about `bytes` octets as lines of at most 72 characters
// (without line endings), paragraphs separated by empty lines.
std::vector<std::string> text_lines(rng& r, std::size_t bytes, bool utf8, bool reply) {
  std::vector<std::string> lines;
  std::size_t total = 0;
  std::string line;
  auto flush = [&] {
    total += line.size() + 2;
    lines.push_back(std::move(line));
    line.clear();
  };
  lines.push_back(std::string(r.pick(first_names)) + ",");
  lines.emplace_back();
  total += lines[0].size() + 4;
  while (total < bytes) {
    std::size_t sentences = 2 + r.below(5);
    for (std::size_t k = 0; k < sentences && total + line.size() < bytes; ++k) {
      std::string s = sentence(r, utf8);
      std::size_t start = 0;
      while (start < s.size()) {
        std::size_t room = 72 - std::min<std::size_t>(line.size(), 72);
        std::string_view rest(s.data() + start, s.size() - start);
        if (!line.empty()) {
          if (room <= 1) {
            flush();
            continue;
          }
          line += ' ';
          --room;
        }
        if (rest.size() <= room) {
          line += rest;
          break;
        }
        std::size_t cut = rest.rfind(' ', room);
        if (cut == std::string_view::npos || cut == 0) {
          if (line.empty()) cut = std::min(rest.size(), room);
          else {
            line.pop_back();
            flush();
            continue;
          }
        }
        line += rest.substr(0, cut);
        flush();
        start += cut + (cut < rest.size() && rest[cut] == ' ' ? 1 : 0);
      }
    }
    if (!line.empty()) flush();
    lines.emplace_back();
    total += 2;
  }
  if (reply) {
    lines.push_back("On " + std::string(r.pick(weekdays)) + ", " + std::string(r.pick(first_names)) + " wrote:");
    for (int q = 0; q < 3 + static_cast<int>(r.below(6)); ++q) lines.push_back("> " + sentence(r, false).substr(0, 70));
    lines.emplace_back();
  }
  lines.push_back("-- ");
  lines.push_back(std::string(r.pick(first_names)) + " " + std::string(r.pick(last_names)));
  return lines;
}

void append_text_part(std::string& out, const std::vector<std::string>& lines, bool qp) {
  for (const auto& l : lines) {
    if (qp) qp_line(out, l);
    else {
      out += l;
      out += "\r\n";
    }
  }
}

std::string html_of(const std::vector<std::string>& lines) {
  std::string h =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
      "<style>body{font-family:Arial,sans-serif;font-size:14px}</style></head><body><div dir=\"ltr\">\n<p>";
  for (const auto& l : lines) {
    if (l.empty()) h += "</p>\n<p>";
    else {
      h += l;
      h += "<br>\n";
    }
  }
  h += "</p></div></body></html>";
  return h;
}

void append_html_part(std::string& out, const std::string& html) {
  std::size_t start = 0;
  while (start <= html.size()) {
    std::size_t nl = html.find('\n', start);
    if (nl == std::string::npos) nl = html.size();
    qp_line(out, std::string_view(html).substr(start, nl - start));
    start = nl + 1;
  }
}

std::string boundary(rng& r) { return "----=_Part_" + std::to_string(r.below(1000000)) + "_" + random_b64(r, 12); }

std::string address(rng& r, std::string& name_out) {
  std::string first(r.pick(first_names)), last(r.pick(last_names));
  name_out = first + " " + last;
  std::string local = first + "." + last;
  for (auto& c : local)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  // Non-ASCII in the display name needs RFC 2047 (and the local part must be ASCII).
  std::string ascii;
  for (std::size_t i = 0; i < local.size(); ++i) {
    auto c = static_cast<unsigned char>(local[i]);
    if (c < 0x80) ascii += static_cast<char>(c);
    else if (c == 0xc3 && i + 1 < local.size() && static_cast<unsigned char>(local[i + 1]) == 0xbc) ascii += "ue";
  }
  return ascii + "@" + std::string(r.pick(domains));
}

std::string display(const std::string& name, const std::string& addr) {
  bool ascii = std::all_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x80; });
  if (ascii) return "\"" + name + "\" <" + addr + ">";
  std::string enc = "=?UTF-8?B?";
  std::string tmp;
  base64_lines(tmp, name);
  tmp.erase(std::remove(tmp.begin(), tmp.end(), '\r'), tmp.end());
  tmp.erase(std::remove(tmp.begin(), tmp.end(), '\n'), tmp.end());
  return enc + tmp + "?= <" + addr + ">";
}

struct attachment_kind {
  const char* type;
  const char* ext;
  const char* magic;
};
constexpr attachment_kind attachment_kinds[] = {
    {"application/pdf", "pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"},
    {"image/jpeg", "jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00"},
    {"image/png", "png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"},
    {"text/csv", "csv", "date,account,amount,currency,reference\n"},
};

std::string attachment_bytes(rng& r, const attachment_kind& k, std::size_t n) {
  std::string s(k.magic);
  s.reserve(n);
  if (std::string_view(k.ext) == "csv") {
    while (s.size() < n) {
      s += "2024-" + two(static_cast<int>(1 + r.below(12))) + "-" + two(static_cast<int>(1 + r.below(28))) + "," +
           std::string(r.pick(last_names)) + "," + std::to_string(r.below(100000)) + "." + two(static_cast<int>(r.below(100))) +
           ",EUR,INV-" + std::to_string(100000 + r.below(900000)) + "\n";
    }
  } else {
    while (s.size() + 8 <= n) {
      std::uint64_t v = r.next();
      s.append(reinterpret_cast<const char*>(&v), 8);
    }
  }
  s.resize(std::max(n, std::string_view(k.magic).size()));
  return s;
}

}  // namespace

std::size_t target_size(const mail_spec& spec, std::uint64_t index) {
  rng r(mix(spec.seed ^ 0x5123, index));
  double median = 12.0 * 1024, sigma = 1.6;
  double v = median * std::exp(sigma * r.normal());
  double lo = 1024, hi = spec.profile == mail_profile::small ? 32.0 * 1024 : 5.0 * 1024 * 1024;
  return static_cast<std::size_t>(std::clamp(v, lo, hi));
}

std::string generate_message(const mail_spec& spec, std::uint64_t index) {
  const std::size_t target = target_size(spec, index);
  rng r(mix(spec.seed, index));
  std::string m;
  m.reserve(target + 4096);

  std::string from_name, cc_name;
  std::string from = address(r, from_name);
  const bool reply = r.chance(0.3), forward = !reply && r.chance(0.08);
  const bool utf8 = r.chance(0.12);
  const when w = date_of(spec.seed, index, spec.count);
  const std::string date = rfc5322_date(w);
  const std::string relay = "mail-" + std::to_string(r.below(200)) + "." + std::string(r.pick(domains));

  m += "Return-Path: <" + from + ">\r\n";
  m += "Delivered-To: " + spec.recipient + "\r\n";
  m += "Received: from mx.example.org (mx.example.org [192.0.2.25])\r\n\tby imap.example.org with LMTP\r\n\tid " +
       random_b64(r, 22) + "\r\n\t(envelope-from <" + from + ">)\r\n\tfor <" + spec.recipient + ">; " + date + "\r\n";
  m += "Received: from " + relay + " (" + relay + " [198.51.100." + std::to_string(1 + r.below(254)) +
       "])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\tby mx.example.org (Postfix) "
       "with ESMTPS id " + random_b64(r, 12) + "\r\n\tfor <" + spec.recipient + ">; " + date + "\r\n";
  if (r.chance(0.6)) {
    std::string dom = from.substr(from.find('@') + 1);
    m += "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + dom +
         "; s=s2024;\r\n\tt=" + std::to_string(w.t) + "; h=from:to:subject:date:message-id:mime-version;\r\n\tbh=" +
         random_b64(r, 43) + "=;\r\n\tb=";
    for (int k = 0; k < 5; ++k) m += random_b64(r, 68) + "\r\n\t ";
    m += random_b64(r, 4) + "==\r\n";
  }
  m += "Date: " + date + "\r\n";
  m += "From: " + display(from_name, from) + "\r\n";
  m += "To: " + spec.recipient + "\r\n";
  if (r.chance(0.2)) {
    std::string cc = address(r, cc_name);
    m += "Cc: " + display(cc_name, cc) + "\r\n";
  }
  std::string subject;
  for (std::size_t k = 0, n = 3 + r.below(6); k < n; ++k) {
    std::string w2(r.pick(words));
    if (k == 0 && w2[0] >= 'a' && w2[0] <= 'z') w2[0] = static_cast<char>(w2[0] - 32);
    subject += (k ? " " : "") + w2;
  }
  if (utf8) subject += " " + std::string(r.pick(utf8_words));
  if (reply) subject = "Re: " + subject;
  if (forward) subject = "Fwd: " + subject;
  if (utf8) {
    std::string tmp;
    base64_lines(tmp, subject);
    tmp.erase(std::remove(tmp.begin(), tmp.end(), '\r'), tmp.end());
    tmp.erase(std::remove(tmp.begin(), tmp.end(), '\n'), tmp.end());
    m += "Subject: =?UTF-8?B?" + tmp + "?=\r\n";
  } else {
    m += "Subject: " + subject + "\r\n";
  }
  const std::string dom = from.substr(from.find('@') + 1);
  m += "Message-ID: <" + std::to_string(w.t) + "." + random_b64(r, 10) + "@" + dom + ">\r\n";
  if (reply) {
    std::string parent = "<" + std::to_string(w.t - 3600) + "." + random_b64(r, 10) + "@" + std::string(r.pick(domains)) + ">";
    m += "In-Reply-To: " + parent + "\r\nReferences: " + parent + "\r\n";
  }
  m += std::string(r.pick(mailers)) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  const std::size_t header_size = m.size() + 200;  // the Content-Type lines to come

  const std::size_t budget = target > header_size ? target - header_size : 200;
  const bool with_attachments = target >= 48 * 1024;
  const bool alternative = !with_attachments ? r.chance(target < 4096 ? 0.3 : 0.45) : r.chance(0.5);
  // Text share of the body: all of it for a plain message, a few KB next to attachments.
  std::size_t text_budget = with_attachments ? std::min<std::size_t>(budget / 4, 2048 + r.below(6144)) : budget;
  if (alternative) text_budget = text_budget * 4 / 9;  // HTML is about 1.25x the text (measured)
  auto lines = text_lines(r, std::max<std::size_t>(text_budget, 120), utf8, reply);
  const char* charset = utf8 ? "utf-8" : "us-ascii";

  auto write_text_body = [&](std::string& out) {
    if (!alternative) {
      out += std::string("Content-Type: text/plain; charset=") + charset + "; format=flowed\r\n";
      out += utf8 ? "Content-Transfer-Encoding: quoted-printable\r\n\r\n" : "Content-Transfer-Encoding: 7bit\r\n\r\n";
      append_text_part(out, lines, utf8);
      return;
    }
    std::string b = boundary(r);
    out += "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n";
    out += "--" + b + "\r\nContent-Type: text/plain; charset=" + charset + "\r\n";
    out += utf8 ? "Content-Transfer-Encoding: quoted-printable\r\n\r\n" : "Content-Transfer-Encoding: 7bit\r\n\r\n";
    append_text_part(out, lines, utf8);
    out += "--" + b + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    append_html_part(out, html_of(lines));
    out += "--" + b + "--\r\n";
  };

  if (!with_attachments) {
    write_text_body(m);
    return m;
  }
  std::string b = boundary(r);
  m += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n";
  m += "--" + b + "\r\n";
  write_text_body(m);
  const std::size_t used = m.size();
  const std::size_t left = target > used + 400 ? target - used - 400 : 1024;
  const std::size_t parts = 1 + r.below(left > 512 * 1024 ? 3 : 2);
  for (std::size_t p = 0; p < parts; ++p) {
    const auto& kind = r.pick(attachment_kinds);
    std::size_t encoded_share = left / parts;
    std::size_t raw = std::max<std::size_t>(encoded_share * 57 / 78, 64);  // base64 with CRLF every 76
    std::string name = std::string(r.pick(words)) + "-" + std::to_string(2023 + r.below(2)) + "-" +
                       std::to_string(100 + r.below(900)) + "." + kind.ext;
    m += "--" + b + "\r\nContent-Type: " + std::string(kind.type) + "; name=\"" + name +
         "\"\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    base64_lines(m, attachment_bytes(r, kind, raw));
  }
  m += "--" + b + "--\r\n";
  return m;
}

std::string append_flags(const mail_spec& spec, std::uint64_t index) {
  const std::uint64_t count = spec.count;
  rng r(mix(spec.seed ^ 0xf1a9, index));
  const bool recent = index + 20 >= count;  // the newest few are mostly unread
  std::string f;
  auto add = [&](const char* x) {
    if (!f.empty()) f += ' ';
    f += x;
  };
  if (r.chance(recent ? 0.3 : 0.8)) add("\\Seen");
  if (r.chance(0.1)) add("\\Answered");
  if (r.chance(0.03)) add("\\Flagged");
  return "(" + f + ")";
}

std::string internal_date(const mail_spec& spec, std::uint64_t index) {
  when w = date_of(spec.seed, index, spec.count);
  w.t += 20 + static_cast<std::int64_t>(mix(spec.seed, index) % 300);  // delivery delay
  std::tm tm = local_tm(w);
  return two(tm.tm_mday) + "-" + std::string(months[static_cast<std::size_t>(tm.tm_mon)]) + "-" +
         std::to_string(tm.tm_year + 1900) + " " + two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) + " " +
         std::string(w.zone);
}

}  // namespace bench
