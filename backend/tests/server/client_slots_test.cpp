#include "exodetect/server/client_slots.hpp"

#include <gtest/gtest.h>

#include "../../src/server/bounded_http_server.hpp"

namespace exodetect::server {
namespace {

TEST(ClientSlots, CapsEachClientAndTheTotal) {
  ClientSlots slots(3, 2);
  auto a1 = slots.acquire("a");
  auto a2 = slots.acquire("a");
  EXPECT_TRUE(a1 && a2);
  EXPECT_FALSE(slots.acquire("a")) << "a third slot for one client";
  auto b1 = slots.acquire("b");
  EXPECT_TRUE(b1);
  EXPECT_FALSE(slots.acquire("c")) << "past the total";
  a1.reset();  // released with its last token
  EXPECT_EQ(slots.held_by("a"), 1u);
  EXPECT_TRUE(slots.acquire("c"));
  EXPECT_EQ(slots.held(), 3u - 1u) << "the temporary token above was released at once";
}

TEST(ClientSlots, ZeroPerClientMeansOnlyTheTotal) {
  ClientSlots slots(2, 0);
  auto x = slots.acquire("proxy");
  auto y = slots.acquire("proxy");
  EXPECT_TRUE(x && y);
  EXPECT_FALSE(slots.acquire("proxy"));
}

TEST(RefuseHead, EncodedBodiesAndOddTransferCodings) {
  EXPECT_FALSE(refuse_head({{"Content-Length", "10"}}));
  EXPECT_FALSE(refuse_head({{"Content-Encoding", "identity"}}));
  EXPECT_FALSE(refuse_head({{"Transfer-Encoding", "Chunked"}}));
  for (const char* encoding : {"gzip", "deflate", "br", "x-gzip", "gzip, identity"}) {
    auto refusal = refuse_head({{"Content-Encoding", encoding}});
    ASSERT_TRUE(refusal) << encoding;
    EXPECT_EQ(*refusal, 415);
  }
  EXPECT_EQ(refuse_head({{"Transfer-Encoding", "gzip, chunked"}}), 400);
  EXPECT_EQ(refuse_head({{"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}}), 400);
  EXPECT_EQ(refuse_head({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}), 400);
}

TEST(TransportLimits, FollowTheConfig) {
  ServerConfig config;
  config.max_upload_bytes = 1u << 20;
  config.http_threads = 40;
  config.trust_proxy = true;
  const TransportLimits t = transport_limits(config);
  EXPECT_EQ(t.max_body_bytes, (1u << 20) + 64 * 1024);
  EXPECT_EQ(t.max_connections, 30u) << "a quarter of a configured pool stays spare";
  EXPECT_EQ(t.max_connections_per_client, 0u) << "behind a proxy the peer is the proxy";
  config.http_threads = 0;
  config.trust_proxy = false;
  EXPECT_EQ(BoundedHttpServer(transport_limits(config)).pool_threads(),
            config.max_connections + BoundedHttpServer::kSpareThreads);
}

}  // namespace
}  // namespace exodetect::server
