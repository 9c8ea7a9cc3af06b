// Personal data of Party members and interns: the resident ID number (GB 11643)
// and phone numbers, validated and masked before they are sealed at rest.
#pragma once

#include <string>
#include <string_view>

namespace shuniu::party {

// True for an 18-character resident ID number: 17 digits, a real birth date
// (YYYYMMDD at positions 7–14) and the ISO 7064 MOD 11-2 check character
// (0–9 or X; a lower-case x is accepted by NormalizeIdNumber).
bool IsIdNumber(std::string_view id);
// Upper-cases a trailing x and trims spaces; the result may still be invalid.
std::string NormalizeIdNumber(std::string_view id);
// The check character (0–9 or X) for the first 17 digits; '\0' when `first17` is not
// 17 digits.
char IdCheckChar(std::string_view first17);
// "440703********1234": area code and the last four shown, birth date hidden.
std::string MaskIdNumber(const std::string& id);
// Digits of a phone number ("0750-3301234", "138 0013 8000"); empty when it is
// not one (7–15 digits, only spaces, dashes and a leading + besides).
std::string PhoneDigits(std::string_view s);

}  // namespace shuniu::party
