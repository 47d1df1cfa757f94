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

template <class Message>
Message decode_message(const std::string& bytes, const char* what) {
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
