#pragma once
// result<T>: a value or a std::error_code. C++20 has no std::expected; this is
// the small subset Cairn uses. A parse error or a missing mailbox is a value,
// not an exception: exceptions are for start-up and configuration.
#include <cassert>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.hpp"

namespace cairn {

struct failure {
  std::error_code code;
  failure(std::error_code c) : code(c) {}  // NOLINT: implicit on purpose
  failure(errc e) : code(make_error_code(e)) {}  // NOLINT
};

template <class T>
class [[nodiscard]] result {
 public:
  result(T v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT
  result(failure f) : v_(std::in_place_index<1>, f.code) {}  // NOLINT
  result(errc e) : v_(std::in_place_index<1>, make_error_code(e)) {}  // NOLINT
  result(std::error_code e) : v_(std::in_place_index<1>, e) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  std::error_code error() const noexcept {
    return ok() ? std::error_code{} : std::get<1>(v_);
  }

 private:
  std::variant<T, std::error_code> v_;
};

template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(failure f) : e_(f.code) {}  // NOLINT
  result(errc e) : e_(make_error_code(e)) {}  // NOLINT
  result(std::error_code e) : e_(e) {}  // NOLINT
  bool ok() const noexcept { return !e_; }
  explicit operator bool() const noexcept { return ok(); }
  std::error_code error() const noexcept { return e_; }

 private:
  std::error_code e_;
};

}  // namespace cairn
