#include <fermata/comm/messages.hpp>

#include <sstream>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>

#include <fermata/core/error.hpp>

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, fermata::TaskMessage& m, const unsigned int version) {
  ar& m.trial& m.fold& m.params;
  if (version >= 2) ar& m.attempt;
}

template <class Archive>
void serialize(Archive& ar, fermata::ResultMessage& m, const unsigned int /*version*/) {
  ar& m.trial& m.fold& m.worker& m.ok& m.error& m.seconds& m.message;
}

}  // namespace boost::serialization

BOOST_CLASS_VERSION(fermata::TaskMessage, 2)
BOOST_CLASS_VERSION(fermata::ResultMessage, 1)

namespace fermata {
namespace {

template <class Message>
std::string encode_message(const Message& message) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << message;
  }
  return out.str();
}

// Every message starts with the header a binary_oarchive writes before any data. Boost's
// reader takes the header's signature length straight from the bytes and allocates that much
// before it can tell garbage from an archive (AddressSanitizer aborts on such a request), so
// the header is compared first. Bytes from fermata's own ranks always pass.
const std::string& archive_header() {
  static const std::string header = [] {
    std::ostringstream out(std::ios::binary);
    { boost::archive::binary_oarchive archive(out); }
    return out.str();
  }();
  return header;
}

template <class Message>
Message decode_message(const std::string& bytes, const char* what) {
  const std::string& header = archive_header();
  if (bytes.compare(0, header.size(), header) != 0) {
    throw CommError(std::string("cannot decode a ") + what + " message of " +
                    std::to_string(bytes.size()) +
                    " bytes: it does not start with fermata's message header");
  }
  Message message;
  try {
    std::istringstream in(bytes, std::ios::binary);
    boost::archive::binary_iarchive archive(in);
    archive >> message;
  } catch (const std::exception& e) {
    throw CommError(std::string("cannot decode a ") + what + " message of " +
                    std::to_string(bytes.size()) + " bytes: " + e.what());
  }
  return message;
}

}  // namespace

std::string encode(const TaskMessage& message) {
  return encode_message(message);
}
std::string encode(const ResultMessage& message) {
  return encode_message(message);
}

TaskMessage decode_task(const std::string& bytes) {
  return decode_message<TaskMessage>(bytes, "task");
}

ResultMessage decode_result(const std::string& bytes) {
  return decode_message<ResultMessage>(bytes, "result");
}

}  // namespace fermata
