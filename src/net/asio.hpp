#pragma once
// The one place Asio is included (precompiled for net/, imap/, server/).
// Nothing outside those folders may include this header (DESIGN.md: build
// time is a feature).
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/ssl.hpp>

namespace cairn::net {
namespace asio = boost::asio;
using boost::asio::awaitable;
using boost::asio::ip::tcp;
// Asio reports boost::system::error_code; it converts to std::error_code,
// which is what crosses our interfaces.
using bec = boost::system::error_code;
}  // namespace cairn::net
