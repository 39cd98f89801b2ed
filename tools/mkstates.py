#!/usr/bin/env python3
"""mkstates.py - derive feeds/reference/states.tsv and actors.tsv.

Run at development time only; its output is committed.

    tools/mkstates.py [SHARED_DIR] [OUT_DIR]

SHARED_DIR (default $NW_SHARED or ../shared) holds data/facts/ with
state-demonyms.tsv and notable-actors.tsv; OUT_DIR defaults to
feeds/reference.  ISO 3166-1 names come from Debian's iso-codes
(/usr/share/iso-codes/json/iso_3166-1.json).

states.tsv: one row per ISO 3166-1 entry (249).  The 71 states of the
demonym fact table take their adjectives, metonyms and agencies from it
(cleaned: suffix forms such as "China-linked" and prefix forms such as
"pro-Russian" are left to the extractor, which reads any "<state>-linked"
or "pro-<state>"; notes in parentheses are dropped).  For the other states
the adjectives and capitals below are standard English usage, written
here.  Agencies are transcribed from the fact table's agency column; the
script checks that each one appears there, except the few marked as
general knowledge.

actors.tsv: named actors the extractor recognises (as written in text):
the fact table's actors and aliases (minus aliases that are common
English words), plus well-known non-state groups and commercial spyware
vendors from general knowledge.  The state column is informational only:
extraction never derives an attribution from an actor's name alone.
"""

import json
import os
import sys

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Short English names where ISO's differs from common usage.
SHORT = {
    "BO": "Bolivia", "BN": "Brunei", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "FM": "Micronesia", "IR": "Iran",
    "KP": "North Korea", "KR": "South Korea", "LA": "Laos", "MD": "Moldova",
    "PS": "Palestine", "RU": "Russia", "SY": "Syria", "TW": "Taiwan",
    "TZ": "Tanzania", "TR": "Turkey", "VE": "Venezuela", "VN": "Vietnam",
    "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands",
    "FK": "Falkland Islands", "VA": "Vatican City", "CZ": "Czechia",
    "MO": "Macau", "CV": "Cape Verde",
}

# Other names of the country itself (besides ISO's name, common name,
# official name and the UN-style "Iran (Islamic Republic of)").
EXTRA_NAMES = {
    "US": ["United States", "United States of America", "U.S.", "U.S",
           "US", "USA", "U.S.A.", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain",
           "England", "Scotland", "Wales", "Northern Ireland"],
    "RU": ["Russian Federation"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["ROK", "Republic of Korea"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "AE": ["UAE", "U.A.E."],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "TR": ["Türkiye", "Turkiye"],
    "VN": ["Viet Nam"],
    "CZ": ["Czech Republic"],
    "NL": ["Holland", "The Netherlands"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CV": ["Cabo Verde"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "TL": ["East Timor"],
    "VA": ["Holy See", "Vatican"],
    "MO": ["Macao"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa",
           "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "PS": ["State of Palestine", "Palestinian Territories"],
    "DE": ["Federal Republic of Germany"],
    "IR": ["Islamic Republic of Iran"],
    "BA": ["Bosnia"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "PH": ["The Philippines"],
    "TT": ["Trinidad"],
    "KN": ["St. Kitts and Nevis"],
    "VC": ["St. Vincent and the Grenadines"],
    "LC": ["St. Lucia"],
    "ST": ["São Tomé and Príncipe"],
    # a common misspelling of Colombia (used in the CSIS list itself); the
    # extractor ignores it in "British Columbia", "District of Columbia"
    # and before University, Pipeline, Sportswear, Journalism, Records,
    # Pictures, Gas
    "CO": ["Columbia"],
}

# Names we leave out on purpose (ambiguous on their own).
DROP_NAMES = {
    "CG": ["Congo"],		# which Congo?  Only the full names count.
    "CD": ["Congo, The Democratic Republic of the"],
}

# Standard English adjectives (and plural demonyms) for every state.  The
# fact table's states get theirs from the table; these add plurals and the
# rest.  Left out: "Korean" (North or South?), "Congolese", "Dominican" for
# Dominica (it means the Dominican Republic), "English" (a language),
# "Central African" and "Micronesian" (regions), "Kiwi", "Persian".
ADJ = {
    "AF": "Afghan; Afghans", "AL": "Albanian; Albanians", "DZ": "Algerian; Algerians",
    "AD": "Andorran", "AO": "Angolan; Angolans", "AG": "Antiguan",
    "AR": "Argentine; Argentinian; Argentinians; Argentines",
    "AM": "Armenian; Armenians", "AU": "Australian; Australians",
    "AT": "Austrian; Austrians", "AZ": "Azerbaijani; Azeri; Azerbaijanis",
    "BS": "Bahamian", "BH": "Bahraini; Bahrainis", "BD": "Bangladeshi; Bangladeshis",
    "BB": "Barbadian", "BY": "Belarusian; Belarussian; Byelorussian; Belarusians",
    "BE": "Belgian; Belgians", "BZ": "Belizean", "BJ": "Beninese",
    "BT": "Bhutanese", "BO": "Bolivian; Bolivians",
    "BA": "Bosnian; Bosnians", "BW": "Botswanan", "BR": "Brazilian; Brazilians",
    "BN": "Bruneian", "BG": "Bulgarian; Bulgarians", "BF": "Burkinabe",
    "BI": "Burundian", "KH": "Cambodian; Cambodians", "CM": "Cameroonian",
    "CA": "Canadian; Canadians", "CV": "Cape Verdean; Cabo Verdean",
    "TD": "Chadian", "CL": "Chilean; Chileans", "CN": "Chinese",
    "CO": "Colombian; Colombians; Columbian", "KM": "Comorian",
    "CR": "Costa Rican", "CI": "Ivorian", "HR": "Croatian; Croat; Croats; Croatians",
    "CU": "Cuban; Cubans", "CY": "Cypriot; Cypriots", "CZ": "Czech; Czechs",
    "DK": "Danish; Danes", "DJ": "Djiboutian", "DO": "Dominican",
    "EC": "Ecuadorian; Ecuadorians", "EG": "Egyptian; Egyptians",
    "SV": "Salvadoran; Salvadorian", "GQ": "Equatoguinean; Equatorial Guinean",
    "ER": "Eritrean; Eritreans", "EE": "Estonian; Estonians",
    "SZ": "Swazi; Eswatini", "ET": "Ethiopian; Ethiopians", "FJ": "Fijian",
    "FI": "Finnish; Finns", "FR": "French", "GA": "Gabonese",
    "GM": "Gambian", "GE": "Georgian; Georgians", "DE": "German; Germans",
    "GH": "Ghanaian; Ghanaians", "GR": "Greek; Greeks", "GD": "Grenadian",
    "GT": "Guatemalan; Guatemalans", "GN": "Guinean", "GW": "Bissau-Guinean",
    "GY": "Guyanese", "HT": "Haitian; Haitians", "HN": "Honduran; Hondurans",
    "HU": "Hungarian; Hungarians", "IS": "Icelandic; Icelanders",
    "IN": "Indian; Indians", "ID": "Indonesian; Indonesians",
    "IR": "Iranian; Iranians", "IQ": "Iraqi; Iraqis", "IE": "Irish",
    "IL": "Israeli; Israelis", "IT": "Italian; Italians", "JM": "Jamaican; Jamaicans",
    "JP": "Japanese", "JO": "Jordanian; Jordanians", "KZ": "Kazakh; Kazakhstani; Kazakhs",
    "KE": "Kenyan; Kenyans", "KI": "I-Kiribati", "KW": "Kuwaiti; Kuwaitis",
    "KG": "Kyrgyz; Kyrgyzstani", "LA": "Laotian; Lao", "LV": "Latvian; Latvians",
    "LB": "Lebanese", "LS": "Basotho", "LR": "Liberian; Liberians",
    "LY": "Libyan; Libyans", "LI": "Liechtensteiner", "LT": "Lithuanian; Lithuanians",
    "LU": "Luxembourgish; Luxembourger", "MG": "Malagasy", "MW": "Malawian",
    "MY": "Malaysian; Malaysians", "MV": "Maldivian", "ML": "Malian",
    "MT": "Maltese", "MH": "Marshallese", "MR": "Mauritanian",
    "MU": "Mauritian", "MX": "Mexican; Mexicans", "MD": "Moldovan; Moldovans",
    "MC": "Monegasque", "MN": "Mongolian; Mongolians", "ME": "Montenegrin; Montenegrins",
    "MA": "Moroccan; Moroccans", "MZ": "Mozambican", "MM": "Burmese",
    "NA": "Namibian", "NR": "Nauruan", "NP": "Nepalese; Nepali",
    "NL": "Dutch", "NZ": "New Zealander; New Zealanders", "NI": "Nicaraguan; Nicaraguans",
    "NE": "Nigerien", "NG": "Nigerian; Nigerians", "KP": "North Korean; N. Korean; North Koreans",
    "MK": "Macedonian; North Macedonian", "NO": "Norwegian; Norwegians",
    "OM": "Omani; Omanis", "PK": "Pakistani; Pakistanis", "PW": "Palauan",
    "PS": "Palestinian; Palestinians", "PA": "Panamanian; Panamanians",
    "PG": "Papua New Guinean", "PY": "Paraguayan", "PE": "Peruvian; Peruvians",
    "PH": "Philippine; Filipino; Filipinos", "PL": "Polish; Poles",
    "PT": "Portuguese", "QA": "Qatari; Qataris", "RO": "Romanian; Romanians",
    "RU": "Russian; Russians", "RW": "Rwandan; Rwandans", "KN": "Kittitian",
    "LC": "Saint Lucian", "VC": "Vincentian", "WS": "Samoan", "SM": "Sammarinese",
    "ST": "Santomean", "SA": "Saudi; Saudi Arabian; Saudis", "SN": "Senegalese",
    "RS": "Serbian; Serb; Serbs; Serbians", "SC": "Seychellois",
    "SL": "Sierra Leonean", "SG": "Singaporean; Singaporeans",
    "SK": "Slovak; Slovakian; Slovaks", "SI": "Slovenian; Slovene; Slovenians",
    "SB": "Solomon Islander", "SO": "Somali; Somalian; Somalis",
    "ZA": "South African; South Africans", "KR": "South Korean; S. Korean; South Koreans",
    "SS": "South Sudanese", "ES": "Spanish; Spaniards", "LK": "Sri Lankan; Sri Lankans",
    "SD": "Sudanese", "SR": "Surinamese", "SE": "Swedish; Swedes",
    "CH": "Swiss", "SY": "Syrian; Syrians", "TW": "Taiwanese",
    "TJ": "Tajik; Tajikistani", "TZ": "Tanzanian; Tanzanians", "TH": "Thai",
    "TL": "Timorese; East Timorese", "TG": "Togolese", "TO": "Tongan",
    "TT": "Trinidadian; Tobagonian", "TN": "Tunisian; Tunisians",
    "TR": "Turkish; Turks", "TM": "Turkmen", "TV": "Tuvaluan",
    "UG": "Ugandan; Ugandans", "UA": "Ukrainian; Ukrainians",
    "AE": "Emirati; Emiratis", "GB": "British; Britons; Brits; Scottish; Welsh; Northern Irish",
    "US": "American; Americans", "UY": "Uruguayan; Uruguayans",
    "UZ": "Uzbek; Uzbekistani; Uzbeks", "VU": "Ni-Vanuatu",
    "VE": "Venezuelan; Venezuelans", "VN": "Vietnamese", "YE": "Yemeni; Yemenis",
    "ZM": "Zambian; Zambians", "ZW": "Zimbabwean; Zimbabweans",
    "EH": "Sahrawi", "PR": "Puerto Rican; Puerto Ricans", "GL": "Greenlandic",
    "HK": "Hongkonger", "BM": "Bermudian", "KY": "Caymanian", "AW": "Aruban",
    "GU": "Guamanian", "AX": "Ålandic",
}

# Capitals (and a few stand-ins) for the states outside the fact table.
# Left out as common words or people's names: Victoria, Male, Kingston,
# Georgetown, Santiago, Hamilton, San José, Panama City, Castries,
# Roseau, Praia, Moroni, Sucre, Colombo, Valletta, Nassau.
CAPITALS = {
    "DZ": "Algiers", "AO": "Luanda", "AR": "Buenos Aires", "AT": "Vienna",
    "BB": "Bridgetown", "BJ": "Porto-Novo", "BT": "Thimphu", "BO": "La Paz",
    "BA": "Sarajevo", "BW": "Gaborone", "BN": "Bandar Seri Begawan",
    "BG": "Sofia", "BF": "Ouagadougou", "BI": "Gitega", "KH": "Phnom Penh",
    "CM": "Yaoundé", "CF": "Bangui", "TD": "N'Djamena", "CL": "Santiago de Chile",
    "HR": "Zagreb", "CU": "Havana", "CY": "Nicosia", "CD": "Kinshasa",
    "CG": "Brazzaville", "DJ": "Djibouti City", "DO": "Santo Domingo",
    "EC": "Quito", "SV": "San Salvador", "GQ": "Malabo", "ER": "Asmara",
    "SZ": "Mbabane", "FJ": "Suva", "GA": "Libreville", "GM": "Banjul",
    "GH": "Accra", "GR": "Athens", "GT": "Guatemala City", "GN": "Conakry",
    "GW": "Bissau", "HT": "Port-au-Prince", "HN": "Tegucigalpa",
    "IS": "Reykjavik", "IE": "Dublin", "JM": "Kingston, Jamaica",
    "KE": "Nairobi", "KG": "Bishkek", "LA": "Vientiane", "LS": "Maseru",
    "LR": "Monrovia", "LY": "Tripoli", "LI": "Vaduz", "MG": "Antananarivo",
    "MW": "Lilongwe", "ML": "Bamako", "MR": "Nouakchott", "MU": "Port Louis",
    "ME": "Podgorica", "MZ": "Maputo", "NA": "Windhoek", "NP": "Kathmandu",
    "NI": "Managua", "NE": "Niamey", "MK": "Skopje", "PA": "Panama",
    "PG": "Port Moresby", "PY": "Asunción", "PE": "Lima", "PT": "Lisbon",
    "RW": "Kigali", "SN": "Dakar", "SL": "Freetown", "SK": "Bratislava",
    "SI": "Ljubljana", "SO": "Mogadishu", "ZA": "Pretoria", "SS": "Juba",
    "ES": "Madrid", "LK": "Sri Jayawardenepura Kotte", "SD": "Khartoum",
    "SR": "Paramaribo", "CH": "Bern", "TJ": "Dushanbe", "TZ": "Dodoma",
    "TG": "Lomé", "TT": "Port of Spain", "TN": "Tunis", "TM": "Ashgabat",
    "UG": "Kampala", "UY": "Montevideo", "UZ": "Tashkent", "YE": "Sanaa",
    "ZM": "Lusaka", "ZW": "Harare", "HK": "", "AF": "Kabul",
}

# The states of the United States stand for it ("a hospital in Ohio" is a
# victim in the US).  Georgia is left to the country (see the header).
US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
    "Connecticut", "Delaware", "Florida", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming",
    "District of Columbia",
]

# Fact-table forms dropped: notes, language cues, non-state actors,
# forms that are ambiguous on their own.
DROP_FORMS = {
    "Red (in vendor names)", "Persian (language cue only)",
    "Korean (ambiguous)", "Afghani (colloquial)", "Kiwi", "the States",
    "Hezbollah-linked (non-state)", "Hamas (non-state)", "pro-regime",
    "Singapore (city-state)", "Hamas-linked", "Hamas-affiliated",
}
# Fact-table forms that are names of the country itself.
NAME_FORMS = {
    "PRC", "People's Republic of China", "Russian Federation",
    "Islamic Republic of Iran", "Democratic People's Republic of Korea",
    "DPRK", "US", "U.S.", "USA", "UK", "U.K.", "Britain", "Great Britain",
    "Republic of China (ROC)", "Republic of Korea", "ROK", "Viet Nam",
    "Kingdom of Saudi Arabia", "KSA", "UAE", "U.A.E.", "Turkiye",
    "Türkiye", "Federal Republic of Germany", "Holland", "Czech Republic",
    "Burma", "Myanmar", "NZ", "Chinese Taipei",
}
SUFFIXES = ("-based", "-linked", "-nexus", "-backed", "-aligned",
            "-affiliated", " state-sponsored")

# Agencies, transcribed from the fact table (checked against its text),
# and a few named as general knowledge (GENERAL_AGENCIES).  Left out:
# defensive or attributing bodies (NCSC, CSE, ASD, GCSB, AIVD/MIVD),
# "MPS" (reads as MPs), "NIS" (the EU NIS directive), "KGB".
AGENCIES = {
    "CN": ["MSS", "Ministry of State Security", "PLA", "3PLA",
           "People's Liberation Army", "Unit 61398", "Unit 61486",
           "Unit 78020", "Strategic Support Force",
           "Ministry of Public Security", "Hainan SSD", "Tianjin SSB",
           "Hubei SSD", "Shanghai SSB", "Guangdong SSD",
           "State Security Department", "State Security Bureau",
           "i-Soon", "Anxun", "Integrity Technology Group",
           "Sichuan Juxinhe", "Wuhan Xiaoruizhi", "Hainan Xiandun",
           "Boyusec", "Chengdu 404"],
    "RU": ["GRU", "Main Directorate of the General Staff", "Unit 26165",
           "Unit 74455", "Unit 29155", "GTsSS", "GTsST", "SVR",
           "Foreign Intelligence Service", "FSB", "Federal Security Service",
           "Center 16", "Center 18", "TsNIIKhM", "CNIIHM"],
    "IR": ["IRGC", "Islamic Revolutionary Guard Corps", "MOIS",
           "Ministry of Intelligence and Security", "VAJA",
           "Emennet Pasargad", "Rana Intelligence Computing",
           "Mabna Institute"],
    "KP": ["RGB", "Reconnaissance General Bureau", "Bureau 121",
           "Chosun Expo", "Lazarus"],
    "US": ["NSA", "National Security Agency", "CIA",
           "Central Intelligence Agency", "Cyber Command",
           "Tailored Access Operations"],
    "GB": ["GCHQ", "National Cyber Force"],
    "UA": ["SBU", "Security Service of Ukraine", "HUR", "GUR"],
    "IL": ["Unit 8200", "Mossad"],
    "TW": ["ICEFCOM"],
    "LB": ["General Directorate of General Security", "GDGS"],
    "AE": ["Signals Intelligence Agency", "NESA"],
}
GENERAL_AGENCIES = {
    "People's Liberation Army", "State Security Department",
    "State Security Bureau", "National Security Agency",
    "Central Intelligence Agency", "Tailored Access Operations",
    # the codebook's own example: "RGB", "Lazarus" -> KP
    "Lazarus",
}

# Fact-table aliases that are common English words or too short to match
# safely as written.
DROP_ALIASES = {
    "Snake", "Reaper", "Mirage", "Cicada", "Mantis", "Karma", "Equation",
    "Armageddon", "Leviathan", "Elfin", "Springtail", "Newscaster",
    "Red Eyes", "Blackfly", "Grayfly", "Crambus", "Waterbug", "Buckeye",
    "Quedagh", "Swallowtail", "Parisite", "ProjectM", "Reaper",
    "Winnti (partly)", "Earth Estries (partial overlap)",
    "UNC788 (overlap)", "Charming Kitten (overlap)", "Mythic Leopard",
    "Group 74", "Group 88", "Group123", "Cobalt Kitty", "Cosmic Wolf",
    "Homeland Justice", "Holy Souls", "Karma", "Handala Hack",
    "PLA Unit 61398", "Telebots", "Operation Exchange Marauder",
    "Hidden Cobra",
}

# Well-known actors outside the fact table (general knowledge), with kind:
# criminal, hacktivist, militant (armed non-state group), vendor
# (commercial spyware or offensive tools), person.
EXTRA_ACTORS = [
    ("Anonymous", "", "hacktivist", ""),
    ("LulzSec", "Lulz Security", "hacktivist", ""),
    ("Lizard Squad", "", "hacktivist", ""),
    ("Syrian Electronic Army", "SEA", "hacktivist", "SY"),
    ("Cyber Caliphate", "CyberCaliphate", "hacktivist", ""),
    ("Killnet", "", "hacktivist", ""),
    ("NoName057(16)", "NoName057; NoName", "hacktivist", ""),
    ("Anonymous Sudan", "", "hacktivist", ""),
    ("IT Army of Ukraine", "", "hacktivist", "UA"),
    ("GhostSec", "", "hacktivist", ""),
    ("Predatory Sparrow", "Gonjeshke Darande", "hacktivist", ""),
    ("Cutting Sword of Justice", "", "hacktivist", ""),
    ("Izz ad-Din al-Qassam Cyber Fighters", "Qassam Cyber Fighters",
     "hacktivist", ""),
    ("Team Poison", "TeaMp0isoN", "hacktivist", ""),
    ("Shadow Brokers", "The Shadow Brokers", "hacktivist", ""),
    ("Lapsus$", "", "criminal", ""),
    ("REvil", "Sodinokibi", "criminal", ""),
    ("DarkSide", "", "criminal", ""),
    ("Conti", "", "criminal", ""),
    ("LockBit", "", "criminal", ""),
    ("BlackCat", "ALPHV", "criminal", ""),
    ("Cl0p", "Clop", "criminal", ""),
    ("BlackMatter", "", "criminal", ""),
    ("Ryuk", "", "criminal", ""),
    ("Maze", "", "criminal", ""),
    ("Hive", "", "criminal", ""),
    ("Black Basta", "", "criminal", ""),
    ("Royal", "", "criminal", ""),
    ("Scattered Spider", "UNC3944; Octo Tempest", "criminal", ""),
    ("ShinyHunters", "", "criminal", ""),
    ("Evil Corp", "Indrik Spider", "criminal", ""),
    ("FIN7", "Carbanak", "criminal", ""),
    ("Cobalt Group", "", "criminal", ""),
    ("Magecart", "", "criminal", ""),
    ("Silence", "", "criminal", ""),
    ("TrickBot", "Wizard Spider", "criminal", ""),
    ("CyberBerkut", "", "hacktivist", ""),
    ("Belarusian Cyber Partisans", "Cyber Partisans", "hacktivist", ""),
    ("Impact Team", "", "hacktivist", ""),
    ("Guacamaya", "", "hacktivist", ""),
    ("Phineas Fisher", "", "hacktivist", ""),
    ("DoppelPaymer", "", "criminal", ""),
    ("NetWalker", "", "criminal", ""),
    ("Babuk", "", "criminal", ""),
    ("Ragnar Locker", "", "criminal", ""),
    ("Rhysida", "", "criminal", ""),
    ("Qilin", "Agenda", "criminal", ""),
    ("Akira", "", "criminal", ""),
    ("BianLian", "", "criminal", ""),
    ("Vice Society", "", "criminal", ""),
    ("RansomHub", "", "criminal", ""),
    ("Medusa", "", "criminal", ""),
    ("Hamas", "", "militant", ""),
    ("Hezbollah", "Hizballah", "militant", ""),
    ("Islamic State", "ISIS; ISIL", "militant", ""),
    ("NSO Group", "", "vendor", "IL"),
    ("Candiru", "", "vendor", "IL"),
    ("Paragon", "", "vendor", "IL"),
    ("Hacking Team", "HackingTeam", "vendor", "IT"),
    ("FinFisher", "Gamma Group", "vendor", "DE"),
    ("Intellexa", "", "vendor", ""),
    ("Cytrox", "", "vendor", "MK"),
    ("DarkMatter", "", "vendor", "AE"),
]
# Names too common to match as written; kept for completeness (the
# extractor reads them only with "ransomware" or "group" next to them).
WEAK_NAMES = {"Royal", "Silence", "Hive", "Maze", "Conti", "Paragon",
              "Anonymous", "Agenda", "Medusa", "Akira"}



def die(msg):
    sys.stderr.write("mkstates.py: %s\n" % msg)
    sys.exit(1)


def split_list(s):
    return [x.strip() for x in s.split(";") if x.strip()]


def add(lst, v):
    v = v.strip()
    if v and v not in lst:
        lst.append(v)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    head = lines[0].split("\t")
    rows = []
    for n, l in enumerate(lines[1:], 2):
        cells = l.split("\t")
        if len(cells) > len(head):
            die("%s:%d: %d fields, expected %d" % (path, n, len(cells),
                                                  len(head)))
        cells += [""] * (len(head) - len(cells))
        rows.append(dict(zip(head, cells)))
    return rows


def strip_note(s):
    i = s.find(" (")
    return s[:i].strip() if i >= 0 else s.strip()


def clean_form(f):
    """None to drop the form, else the form without its note."""
    if f in DROP_FORMS:
        return None
    f = f.strip()
    if any(f.endswith(sfx) for sfx in SUFFIXES):
        return None
    if f.startswith("pro-"):
        return None
    if f == "Republic of China (ROC)":
        return "Republic of China"
    if f == "Kiev (older spelling)":
        return "Kiev"
    if f == "Her/His Majesty's Government":
        return "Her Majesty's Government; His Majesty's Government"
    return strip_note(f)


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "NW_SHARED", os.path.join(os.path.dirname(__file__), "..", "..",
                                  "shared"))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(__file__), "..", "feeds", "reference")
    facts = os.path.join(shared, "data", "facts")
    iso = json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]
    dem = {r["iso2"]: r for r in read_tsv(os.path.join(facts,
                                                       "state-demonyms.tsv"))}
    rows = []
    for e in sorted(iso, key=lambda e: e["alpha_2"]):
        cc = e["alpha_2"]
        isoname = e["name"]
        short = SHORT.get(cc, e.get("common_name", isoname))
        names, adjs, mets, agencies = [], [], [], []
        for n in [isoname, e.get("common_name", ""),
                  e.get("official_name", "")] + EXTRA_NAMES.get(cc, []):
            if n.startswith("the "):
                n = n[4:]
            if n and n != short and n not in DROP_NAMES.get(cc, []):
                add(names, n)
        if ", " in isoname:
            x, y = isoname.split(", ", 1)
            if y.endswith(" of") or y.endswith(" of the"):
                if cc != "CD":
                    add(names, "%s (%s)" % (x, y))
                add(names, "%s %s" % (y[0].upper() + y[1:], x))
            elif y in ("British", "U.S."):
                add(names, "%s %s" % (y, x))
        d = dem.get(cc)
        if d:
            if d["name"] != short and d["name"] not in names:
                add(names, d["name"])
            for f in split_list(d["adjective_demonym_forms"]):
                c = clean_form(f)
                if c is None:
                    if f.startswith("pro-") and f not in DROP_FORMS:
                        base = f[4:]
                        # "pro-Assad": the stand-in itself is a metonym
                        if base not in (short,) and not base.endswith(
                                ("an", "ian", "i", "ese", "ish")) and \
                                base not in names:
                            add(mets, base)
                    continue
                (add(names, c) if c in NAME_FORMS else add(adjs, c))
            for f in split_list(d["metonym_and_alias_forms"]):
                c = clean_form(f)
                if c is None:
                    continue
                for c in split_list(c):
                    (add(names, c) if c in NAME_FORMS or c == short
                     else add(mets, c))
        for a in split_list(ADJ.get(cc, "")):
            add(adjs, a)
        if cc == "US":
            for st in US_STATES:
                add(mets, st)
        if not d:
            cap = CAPITALS.get(cc, "")
            if cap and "," not in cap:
                add(mets, cap)
        for a in AGENCIES.get(cc, []):
            if a not in GENERAL_AGENCIES:
                col = d["sponsor_agencies_named_in_attributions"] if d else ""
                # "Unit 61398" is in the table as "Units 61398, 61486"
                if not all(w in col for w in a.split()):
                    die("%s: agency %r not in the fact table" % (cc, a))
            add(agencies, a)
        if short in names:
            names.remove(short)
        adjs = [a for a in adjs if a != short and a not in names]
        mets = [m for m in mets if m != short and m not in names]
        for lst in (names, adjs, mets, agencies):
            for v in lst:
                if "\t" in v or ";" in v:
                    die("%s: bad form %r" % (cc, v))
        rows.append((cc, short, names, adjs, mets, agencies))
    if len(rows) != 249:
        die("expected 249 ISO 3166-1 entries, got %d" % len(rows))
    # every form must name one state only
    seen = {}
    placenames = set()
    for cc, short, names, adjs, mets, ags in rows:
        for v in [short] + names + adjs + mets + ags:
            k = v.lower()
            if k in seen and seen[k] != cc:
                die("form %r names both %s and %s" % (v, seen[k], cc))
            seen[k] = cc
        # an actor may share a name with an agency (a front company), not
        # with a place
        placenames.update(v.lower() for v in [short] + names + adjs + mets)
    write_states(os.path.join(out, "states.tsv"), rows)
    write_actors(os.path.join(out, "actors.tsv"),
                 read_tsv(os.path.join(facts, "notable-actors.tsv")),
                 placenames)


STATES_HEADER = """\
# states.tsv - the states normwatch recognises in incident reports.
# Generated by tools/mkstates.py; edit the script, not this file.
#
# One row per ISO 3166-1 entry (249), tab-separated; lists inside a field
# are separated by "; ".  Lines starting with "#" are comments.  Columns:
#   iso2        ISO 3166-1 alpha-2 code
#   name        short English name
#   names       other names of the country itself: ISO 3166-1 name, common
#               and official names (Debian iso-codes), the UN style
#               "Iran (Islamic Republic of)", and usual short forms (U.S., UK)
#   adjectives  adjectives and demonyms, singular and plural ("Iranian",
#               "Iranians")
#   metonyms    capitals and other stand-ins ("Tehran", "Kremlin")
#   agencies    state agencies named in attributions ("IRGC", "GRU")
# Sources: ISO names from Debian iso-codes; adjectives, metonyms and
# agencies of 71 states from the normwatch demonym fact table (compiled
# from general English usage and MITRE ATT&CK group descriptions); the
# other adjectives and capitals are standard English usage.
#
# Matching is case-sensitive ("US" is not "us", "Polish" is not "polish").
# Forms like "Iran-linked", "China-based", "pro-Russian" are not listed:
# the extractor reads "<any form>-linked" and "pro-<any form>" itself.
#
# Ambiguities and how they are settled:
#   Georgia     the country (GE); the extractor ignores it after "state of",
#               "Atlanta," and before "Tech", "State University".
#   Korea       "Korean" and "Korea" alone are left out (North or South?);
#               "North/South Korea(n)", "DPRK", "ROK" are listed.
#   Jordan, Chad  listed, but the extractor ignores them when a capitalised
#               word follows (a person: "Jordan Peterson").
#   Turkey      listed (TR) with Türkiye/Turkiye; lower-case "turkey" never
#               matches.
#   Niger/Nigeria, Sudan/South Sudan, Guinea/Guinea-Bissau/Equatorial
#               Guinea/Papua New Guinea, Samoa/American Samoa,
#               Dominica/Dominican Republic: the longest name wins;
#               "Dominican" is DO only, "Nigerien" NE, "Nigerian" NG.
#   Congo       "Congo" and "Congolese" alone are left out; "Democratic
#               Republic of the Congo", "DRC", "DR Congo" are CD,
#               "Republic of the Congo" and "Congo-Brazzaville" CG.
#   American    "Latin/South/North/Central American" are regions: the
#               extractor skips "America(n)" after those words.
#   Columbia    a common misspelling of Colombia, listed for CO; ignored in
#               "British Columbia", "District of Columbia" and before
#               University, Pipeline, Sportswear, Journalism, Records.
#   Mexico      "New Mexico" is a US state (listed for US); "Gulf of
#               Mexico" is not MX (extractor).
#   Jersey      "New Jersey" is a US state (listed for US).
#   US states   the 50 states and the District of Columbia are metonyms of
#               the US ("a hospital in Ohio"), except Georgia (the country).
#   Taiwan      "Republic of China" and "Chinese Taipei" are TW, never CN.
#   Washington  US (the state and the city are US too); "Washington Post" is
#               skipped by the extractor, like "Paris Call", "Budapest
#               Convention", "Tallinn Manual".
#   Capitals that are common words or people's names are left out:
#               Victoria, Male, Kingston, Georgetown, Santiago, Hamilton,
#               San José, Panama City, Castries, Roseau, Praia, Moroni,
#               Sucre, Colombo, Valletta, Nassau.
#   Kosovo      not in ISO 3166-1 (XK is user-assigned): not listed.
#   England, Scotland, Wales, Northern Ireland  GB; "English" is a
#               language and is not listed.
#   Lazarus     KP, as the codebook's own example ("RGB", "Lazarus" -> KP);
#               no other actor name maps to a state.
"""


def write_states(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(STATES_HEADER)
        f.write("iso2\tname\tnames\tadjectives\tmetonyms\tagencies\n")
        for cc, short, names, adjs, mets, ags in rows:
            f.write("\t".join([cc, short, "; ".join(names), "; ".join(adjs),
                               "; ".join(mets), "; ".join(ags)]) + "\n")


ACTORS_HEADER = """\
# actors.tsv - named actors the extractor recognises as written.
# Generated by tools/mkstates.py; edit the script, not this file.
#
# Tab-separated; lists separated by "; "; "#" starts a comment line.
#   name     canonical name
#   aliases  other names (vendor names, former names)
#   kind     state (a state-linked group), criminal, hacktivist, militant
#            (armed non-state group), vendor (commercial spyware or
#            offensive-tool company), person
#   state    ISO alpha-2 of the state public reporting links it to, or
#            empty.  Informational only: extraction never derives an
#            attribution from an actor's name (CODEBOOK.md: code only
#            what the text says).
#   weak     "weak" when the name is a common word: matched only next to
#            "group", "gang", "ransomware", "hackers" or "collective"
# Sources: the normwatch notable-actors fact table (MITRE ATT&CK via the
# MISP galaxy, with aliases that are common English words left out), plus
# well-known non-state groups and spyware vendors (general knowledge).
"""


def write_actors(path, rows, statenames):
    out = []
    names_seen = set()
    for r in rows:
        name = r["canonical_name"].strip()
        aliases = []
        for a in split_list(r["aliases"]):
            if a in DROP_ALIASES or "(" in a:
                continue
            add(aliases, a)
        if name in DROP_ALIASES and aliases:
            # "Equation" is a common word: "Equation Group" stands in
            name = aliases.pop(0)
        out.append((name, aliases, "state", r["state_iso2"].strip(), ""))
    for name, al, kind, cc in EXTRA_ACTORS:
        out.append((name, split_list(al), kind, cc,
                    "weak" if name in WEAK_NAMES else ""))
    for name, aliases, kind, cc, weak in out:
        for v in [name] + aliases:
            k = v.lower()
            if k in names_seen:
                die("actor name %r listed twice" % v)
            if k in statenames:
                die("actor name %r is a state form" % v)
            if "\t" in v or ";" in v:
                die("bad actor name %r" % v)
            names_seen.add(k)
    with open(path, "w", encoding="utf-8") as f:
        f.write(ACTORS_HEADER)
        f.write("name\taliases\tkind\tstate\tweak\n")
        for name, aliases, kind, cc, weak in out:
            f.write("\t".join([name, "; ".join(aliases), kind, cc, weak])
                    + "\n")


if __name__ == "__main__":
    main()
