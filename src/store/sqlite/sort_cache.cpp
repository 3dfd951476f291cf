#include "store/sqlite/sort_cache.hpp"

#include <algorithm>
#include <numeric>

#include "store/uid_ranges.hpp"

namespace cairn::store::sqlite {

namespace {
// Past this many new rows at once, a rank list is made again when next
// needed rather than taking them one by one (each costs a pass over it).
constexpr std::size_t insert_at_most = 64;
}  // namespace

void mailbox_keys::arrays() {
  uids.clear();
  items.clear();
  uids.reserve(rows.size());
  items.reserve(rows.size());
  for (const auto& r : rows) {
    uids.push_back(r.uid);
    items.push_back({r.uid, r.arrival, r.size, &r.keys});
  }
  for (auto& t : threads) t.reset();
}

void mailbox_keys::rebuilt() {
  for (auto& ix : index_) ix.clear();
  arrays();
}

const std::vector<std::uint32_t>& mailbox_keys::ranks_of(order_key k) {
  key_index& ix = index_[static_cast<std::size_t>(k)];
  // Values of rows long gone: start again past twice what is live.
  if (ix.strings.size() + ix.numbers.size() > 2 * rows.size() + 1000) ix.clear();
  if (!ix.rank.empty() || rows.empty()) return ix.rank;
  distinct_keys values;
  ix.rank = key_ranks(items, k, &values);
  ix.strings = std::move(values.strings);
  ix.numbers = std::move(values.numbers);
  return ix.rank;
}

void mailbox_keys::erase(const uid_ranges& gone) {
  std::vector<char> keep(rows.size());
  bool any = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    keep[i] = !contains(gone, rows[i].uid);
    any = any || !keep[i];
  }
  if (!any) return;
  for (auto& ix : index_) {
    if (ix.rank.empty()) continue;
    std::size_t w = 0;
    for (std::size_t i = 0; i < ix.rank.size(); ++i)
      if (keep[i]) ix.rank[w++] = ix.rank[i];
    ix.rank.resize(w);
  }
  std::size_t w = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (keep[i]) {
      if (w != i) rows[w] = std::move(rows[i]);
      ++w;
    }
  rows.resize(w);
  arrays();
}

void mailbox_keys::append(std::vector<row> add) {
  if (add.empty()) return;
  const bool at_end = rows.empty() || add.front().uid > rows.back().uid;
  const std::size_t first = rows.size();
  rows.insert(rows.end(), std::make_move_iterator(add.begin()), std::make_move_iterator(add.end()));
  if (!at_end) {
    std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.uid < b.uid; });
    rebuilt();
    return;
  }
  arrays();
  for (std::size_t k = 0; k < index_.size(); ++k) {
    key_index& ix = index_[k];
    if (ix.rank.empty()) continue;
    if (rows.size() - first > insert_at_most) {
      ix.clear();
      continue;
    }
    const auto key = static_cast<order_key>(k);
    for (std::size_t i = first; i < rows.size(); ++i) {
      // The value's place among the distinct values: its rank, or a new
      // one there, every rank from it on moving up by one.
      std::size_t p;
      bool equal;
      if (is_string_key(key)) {
        const std::string& v = string_key(rows[i].keys, key);
        p = static_cast<std::size_t>(std::lower_bound(ix.strings.begin(), ix.strings.end(), v) - ix.strings.begin());
        equal = p < ix.strings.size() && ix.strings[p] == v;
        if (!equal) ix.strings.insert(ix.strings.begin() + static_cast<std::ptrdiff_t>(p), v);
      } else {
        const std::int64_t v = number_key(items[i], key);
        p = static_cast<std::size_t>(std::lower_bound(ix.numbers.begin(), ix.numbers.end(), v) - ix.numbers.begin());
        equal = p < ix.numbers.size() && ix.numbers[p] == v;
        if (!equal) ix.numbers.insert(ix.numbers.begin() + static_cast<std::ptrdiff_t>(p), v);
      }
      if (!equal)
        for (auto& r : ix.rank)
          if (r >= p) ++r;
      ix.rank.push_back(static_cast<std::uint32_t>(p));
    }
  }
}

std::size_t mailbox_keys::bytes() const {
  std::size_t n = rows.capacity() * sizeof(row) + items.capacity() * sizeof(sort_item) +
                  uids.capacity() * sizeof(uid_t) + ids.size() * 80;
  for (const auto& r : rows) n += r.keys.heap_bytes();
  for (const auto& ix : index_) {
    n += ix.rank.capacity() * sizeof(std::uint32_t) + ix.numbers.capacity() * sizeof(std::int64_t);
    for (const auto& v : ix.strings) n += sizeof(std::string) + (v.capacity() > 15 ? v.capacity() + 1 : 0);
  }
  return n;
}

}  // namespace cairn::store::sqlite
