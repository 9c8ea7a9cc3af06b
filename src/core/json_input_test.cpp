// Strict JSON body reading: unknown fields, types, UTF-8 length bounds, malformed input.
#include "core/json_input.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace shuniu {
namespace {

JsonInput In(const std::string& body) {
  auto r = JsonInput::Parse(body);
  EXPECT_TRUE(r.ok()) << body << ": " << r.status().message();
  return r.ok() ? r.value() : JsonInput(Json::object());
}

struct BadBody {
  const char* body;
  Code code;
};

class ParseTest : public ::testing::TestWithParam<BadBody> {};

TEST_P(ParseTest, RejectsWhatIsNotAJsonObjectNamingTheBody) {
  auto r = JsonInput::Parse(GetParam().body);
  ASSERT_FALSE(r.ok()) << GetParam().body;
  EXPECT_EQ(r.status().code(), GetParam().code) << GetParam().body;
  EXPECT_EQ(r.status().field(), "body");
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseTest,
    ::testing::Values(
        BadBody{"", Code::kMalformed}, BadBody{"{", Code::kMalformed},
        BadBody{R"({"a":})", Code::kMalformed}, BadBody{"{'a':1}", Code::kMalformed},
        BadBody{R"({"a":1,})", Code::kMalformed}, BadBody{"nul", Code::kMalformed},
        BadBody{"{\"a\":\"\xff\"}", Code::kMalformed},  // not UTF-8
        BadBody{R"({"a":1} {"b":2})", Code::kMalformed}, BadBody{"[1,2]", Code::kInvalidArgument},
        BadBody{"\"x\"", Code::kInvalidArgument}, BadBody{"42", Code::kInvalidArgument},
        BadBody{"null", Code::kInvalidArgument}, BadBody{"true", Code::kInvalidArgument}));

TEST(JsonInputTest, AllowOnlyNamesTheUnknownField) {
  auto in = In(R"({"username":"a","is_admin":true})");
  Status st = in.AllowOnly({"username", "password"});
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.field(), "is_admin");
  EXPECT_NE(st.message().find("is_admin"), std::string::npos);
  EXPECT_TRUE(in.AllowOnly({"username", "is_admin", "other"}).ok());
  EXPECT_TRUE(In("{}").AllowOnly({}).ok());
  EXPECT_EQ(In(R"({"x":null})").AllowOnly({}).field(), "x");  // null still counts as present
}

struct StringCase {
  const char* body;
  size_t min, max;
  bool ok;
};

class RequiredStringTest : public ::testing::TestWithParam<StringCase> {};

TEST_P(RequiredStringTest, BoundsCountCodePointsAndErrorsNameTheField) {
  const StringCase& c = GetParam();
  auto r = In(c.body).RequiredString("name", c.min, c.max);
  EXPECT_EQ(r.ok(), c.ok) << c.body << " [" << c.min << "," << c.max << "]";
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "name");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RequiredStringTest,
    ::testing::Values(
        StringCase{R"({"name":"会城街道"})", 1, 4, true},  // 4 code points, 12 bytes
        StringCase{R"({"name":"会城街道"})", 1, 3, false},
        StringCase{R"({"name":"会城街道"})", 4, 4, true},
        StringCase{R"({"name":"会城街道"})", 5, 10, false},
        StringCase{R"({"name":"会"})", 2, 10, false},
        StringCase{R"({"name":"\u4f1a\u57ce"})", 2, 2, true},  // escaped 会城
        StringCase{R"({"name":"😀"})", 1, 1, true},             // 4-byte sequence
        StringCase{R"({"name":"abc"})", 1, 3, true}, StringCase{R"({"name":"abcd"})", 1, 3, false},
        StringCase{R"({"name":""})", 1, 3, false}, StringCase{R"({"name":""})", 0, 3, true},
        StringCase{R"({})", 0, 3, false},  // missing
        StringCase{R"({"name":null})", 0, 3, false},
        StringCase{R"({"name":12})", 0, 3, false},  // wrong types
        StringCase{R"({"name":true})", 0, 3, false}, StringCase{R"({"name":["a"]})", 0, 3, false},
        StringCase{R"({"name":{"a":1}})", 0, 3, false}));

TEST(JsonInputTest, OptionalStringIsAbsentWhenMissingOrNull) {
  EXPECT_FALSE(In("{}").OptionalString("name", 5)->has_value());
  EXPECT_FALSE(In(R"({"name":null})").OptionalString("name", 5)->has_value());
  EXPECT_EQ(In(R"({"name":"新会"})").OptionalString("name", 2)->value(), "新会");
  EXPECT_EQ(In(R"({"name":"新会区"})").OptionalString("name", 2).status().field(), "name");
  EXPECT_EQ(In(R"({"name":1})").OptionalString("name", 2).status().field(), "name");
}

TEST(JsonInputTest, IntegersMustBeJsonIntegers) {
  EXPECT_EQ(In(R"({"v":3})").RequiredInt("v").value(), 3);
  EXPECT_EQ(In(R"({"v":-7})").RequiredInt("v").value(), -7);
  for (const char* body :
       {R"({"v":"3"})", R"({"v":3.5})", R"({"v":true})", R"({"v":[3]})", "{}", R"({"v":null})"}) {
    auto r = In(body).RequiredInt("v");
    EXPECT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().field(), "v") << body;
  }
  EXPECT_FALSE(In("{}").OptionalInt("v")->has_value());
  EXPECT_EQ(In(R"({"v":"1"})").OptionalInt("v").status().field(), "v");
}

TEST(JsonInputTest, BooleansMustBeJsonBooleans) {
  EXPECT_EQ(In(R"({"b":false})").OptionalBool("b")->value(), false);
  EXPECT_FALSE(In("{}").OptionalBool("b")->has_value());
  for (const char* body : {R"({"b":"true"})", R"({"b":1})", R"({"b":{}})"})
    EXPECT_EQ(In(body).OptionalBool("b").status().field(), "b") << body;
}

TEST(JsonInputTest, HasIgnoresNull) {
  auto in = In(R"({"a":1,"b":null})");
  EXPECT_TRUE(in.Has("a"));
  EXPECT_FALSE(in.Has("b"));
  EXPECT_FALSE(in.Has("c"));
}

struct Utf8Case {
  std::string text;
  long long length;
};

class Utf8LengthTest : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8LengthTest, CountsCodePointsOrReportsInvalid) {
  EXPECT_EQ(Utf8Length(GetParam().text), GetParam().length);
}

INSTANTIATE_TEST_SUITE_P(Table, Utf8LengthTest,
                         ::testing::Values(Utf8Case{"", 0}, Utf8Case{"abc", 3},
                                           Utf8Case{"会城街道", 4}, Utf8Case{"é", 1},
                                           Utf8Case{"😀a", 2}, Utf8Case{"\xff", -1},
                                           Utf8Case{"\xe4\xbc", -1},       // truncated 会
                                           Utf8Case{"\x80", -1},           // lone continuation byte
                                           Utf8Case{"\xe4\x41\x41", -1},   // bad continuation
                                           Utf8Case{"a\xf0\x9f\x98", -1},  // truncated emoji
                                           // found by json_fuzz: RFC 3629 forbids these
                                           Utf8Case{"\xc0\x80", -1},          // overlong NUL
                                           Utf8Case{"\xe0\x80\xaf", -1},      // overlong '/'
                                           Utf8Case{"\xed\xa0\x80", -1},      // surrogate
                                           Utf8Case{"\xf4\x90\x80\x80", -1},  // > U+10FFFF
                                           Utf8Case{"\xf8\x88\x80\x80\x80", -1}));

TEST(Utf8PrefixTest, CutsToWholeCharactersWithinTheLimit) {
  // 向 is three bytes: 100 bytes of them keep 33 characters, never a broken one.
  std::string q;
  for (int i = 0; i < 34; ++i) q += "向";
  EXPECT_EQ(Utf8Prefix(q, 100), q.substr(0, 99));
  EXPECT_EQ(Utf8Length(Utf8Prefix(q, 100)), 33);
  EXPECT_EQ(Utf8Prefix("abc", 100), "abc");
  EXPECT_EQ(Utf8Prefix("abc", 2), "ab");
  EXPECT_EQ(Utf8Prefix("ab\xff cd", 100), "ab");  // stops at the first invalid byte
  EXPECT_EQ(Utf8Prefix("😀", 3), "");
}

}  // namespace
}  // namespace shuniu
