#!/usr/bin/env python3
"""mkpdf.py - write the sample CSIS-style list in feeds/samples/.

    python3 tools/mkpdf.py [OUTDIR]        (default: feeds/samples)

One table of entries (ENTRIES below, written by us for normwatch's tests:
illustrative incidents in the style of the CSIS "Significant Cyber
Incidents" list, not copied from it) is written four ways:

  csis-list.pdf          raw PDF 1.4, standard Helvetica, WinAnsiEncoding,
                         several pages, running header and page-number
                         footer, with the noise pdftotext shows on real
                         lists (split words, space before punctuation,
                         hyphenation at line ends, curly quotes)
  csis-list.html         the list as a web page (script, style, nav, footer
                         to drop; entities; <strong> dates; a <br>; a link;
                         a comment; an entry split by a stray tag)
  csis-list.txt          the list as pasted text (UTF-8 BOM, CRLF, wrapped
                         lines, form feeds with page header and number)
  expected-entries.tsv   date, first five words, last three words per entry

The output is deterministic: running it twice gives the same bytes.
Development-time only; the outputs are committed.

Markup inside ENTRIES texts:
  |        PDF only: a kerning gap (TJ offset) inside a word or before
           punctuation; pdftotext prints a space there ("Governme nt",
           "state -sponsored", "May 2022 .").  Gone in the clean text.
  ~        PDF only: the line must break here.  After '-' the hyphen is the
           word's own ("state-" / "sponsored" -> "state-sponsored");
           otherwise a hyphen is added for the break only ("cyber-" /
           "attack" -> "cyberattack").  Gone in the clean text.
  {br}     HTML: a <br> in place of a space.  A space elsewhere.
  {split}  HTML: a stray <div> in place of a space, which closes the <p>
           and leaves the rest of the entry in a paragraph of its own.
  [text](url)  HTML: a link.  Plain text elsewhere.
"""

import os
import re
import sys

TITLE = "Significant Cyber Incidents Since 2006"
HEADER = "Significant Cyber Incidents | Last updated December 2024"
PREAMBLE = (
    "This timeline records significant cyber incidents since 2006. It "
    "covers operations against government agencies, the military, critical "
    "infrastructure and large companies, as well as criminal attacks whose "
    "losses run into the millions of dollars. Entries are listed newest "
    "first, each under the month in which the incident was reported. The "
    "incidents in this sample list were written for the normwatch test "
    "suite; they imitate the style of public reporting and are not a "
    "record of fact."
)

# (date, date marker or None for an undated entry, text)
# Undated entries take the date of the entry above them.
ENTRIES = [
    ("2024-11", "November 2024.",
     "Suspected Chinese state-sponsored hackers breached the networks of "
     "several telecommunications providers in Southeast Asia, gaining "
     "acc|ess to call records and to the lawful intercept systems used by "
     "police. Investigators linked the intrusions to a group tracked as "
     "Salt Typhoon and said the operators had been inside some networks "
     "for more than a year before they were detected."),
    ("2024-10", "October 2024.",
     "A pro-Russian hacktivist group claimed responsibility for a wave of "
     "DDoS attacks that knocked the websites of Belgian municipalities and "
     "regional transport operators offline for several hours. The group, "
     "known as NoName057(16), announced the campaign on Telegram as "
     "retalia|tion for Belgium’s pledge of fighter jets to Ukraine."),
    ("2024-09", "September 2024.",
     "Ransomware operators encrypted the patient records system of a "
     "regional hospital network in northern Italy, forcing staff to "
     "postpone surgeries and divert ambulances to neighbouring provinces "
     "for nine days. The criminal group, which researchers said recruits "
     "on Russian|-speaking forums, published samples of stolen medical "
     "files after the hospitals refused to pay a ransom of two million "
     "euros."),
    ("2024-07", "July 2024.",
     "Researchers disclosed a supply-chain compromise in which attackers "
     "inserted a backdoor into an update for accounting software widely "
     "used by small businesses in South Korea. The code was signed with "
     "the vendor’s own certificate. Officials in Seoul blamed the "
     "[Lazarus Group](https://example.org/actors/lazarus-group), a North "
     "Korean hacking team, and said the operation aimed to steal "
     "cryp|tocurrency from trading firms."),
    ("2024-05", "May 2024.",
     "Hackers linked to Iran’s Islamic Revolutionary Guard Corps defaced "
     "the control panels of water utilities in Ireland and Pennsylvania, "
     "displaying anti-Israel messages after exploiting programmable logic "
     "controllers left exposed to the internet with default pass|words. "
     "One utility switched to manual operation for two days. The U.S. "
     "Cyber~security and Infrastructure Security Agency urged operators to "
     "change their credentials."),
    ("2024-04", "April 2024:",
     "Germany’s Foreign Office summoned a Russian diplomat after "
     "investigators concluded that APT28, a unit of Russia’s military "
     "intelligence service, had compromised email accounts of the Social "
     "Democratic Party’s leadership. The hackers exploited a flaw in "
     "Microsoft Outlook to harvest cre|dentials over several months. Czech "
     "authorities reported similar intrusions against their own state "
     "institutions."),
    ("2024-02", "February 2024.",
     "A leak of internal documents from a Chinese security contractor "
     "revealed that the firm had sold hacking services to the Ministry of "
     "Public Security, targeting govern|ments in Asia, Europe and Africa as "
     "well as pro-democracy activists in Hong Kong. The files included "
     "price lists, target lists and chat logs describing intrusions into "
     "telecommunications companies in Kazakhstan and Thailand."),
    ("2024-01", "January 2024.",
     "Microsoft disclosed that a Russian state-~sponsored group known as "
     "Midnight Blizzard had accessed email accounts of its senior "
     "leadership and security staff by guessing the password of a legacy "
     "test account. The company said the intruders were looking for what "
     "Microsoft knew about the group itself. U.S. officials linked the "
     "group to Russia’s Foreign Intelligence Service."),
    ("2023-12-12", "December 12, 2023.",
     "A cyberattack disabled the mobile network and internet services of "
     "Ukraine’s largest telecommunications operator, leaving about "
     "twenty-four million subscri|bers without service for several "
     "days.{br}Ukrainian security officials blamed Sandworm, a unit of "
     "Russia’s military intelligence agency, and said the attackers had "
     "been inside the operator’s network since at least May. Air raid "
     "alerts in some regions were also disrupted."),
    ("2023-11", "November 2023.",
     "Hackers believed to be working for North Korea stole more than 100 "
     "million dollars in cryptocurrency from an exchange based in Estonia "
     "by compromising the hot wallets it used for withdrawals. Blockchain "
     "ana|lysts traced the funds through mixing services used in earlier "
     "thefts attributed to the Lazarus Group. The exchange suspended "
     "trading for a week while it rebuilt its systems."),
    ("2023-10", "October 2023.",
     "A hacktivist group calling itself Cyber Av3ngers claimed to have "
     "disrupted fuel pumps at petrol stations across Israel. Israeli "
     "officials said the claims were exaggerated but confirmed that "
     "payment terminals at several stations had failed. Researchers at a "
     "U.S. security firm said the group was a “front” for an Iranian "
     "government|-linked team that had overstated the effects of earlier "
     "operations."),
    ("2023-09", "September 2023.",
     "Colombia’s largest hosting provider for public agencies was hit by "
     "ransomware that took down the websites and online services of dozens "
     "of government bodies, including the health regulator and the courts. "
     "The Colombian Governme|nt said it could not confirm who was behind "
     "the attack. Restoring the services took more than a month and "
     "delayed several court hearings."),
    ("2023-07", "July 2023.",
     "Chinese hackers used a forged authen|tication key to access the email "
     "accounts of officials at the U.S. State and Commerce Departments, "
     "including the account of the ambassador to China. Microsoft "
     "attributed the espionage campaign to a group it calls Storm-0558 and "
     "said the actors had targeted about twenty-five organizations. "
     "Beijing’s foreign ministry rejected the allegation as "
     "disinformation."),
    ("2023-05", "May 2023.",
     "Western intelligence agencies warned that a Chinese state|-sponsored "
     "group called Volt Typhoon had hidden inside critical infrastructure "
     "networks in Guam and the continental United States, using routers in "
     "small offices to disguise its traffic. Officials said the activity "
     "appeared designed to prepare disruptive attacks on communications "
     "between the United States and Asia in a future crisis."),
    ("2023-03", "March 2023.",
     "Suspected Russian hackers sent phishing emails to staff of the "
     "Polish parliament pretending to be journalists, then used the stolen "
     "pass|words to leak private correspondence of deputies on a Telegram "
     "channel. Poland’s digital affairs minister said the operation bore "
     "the hallmarks of a group known as Ghostwriter, which Western "
     "governments have linked to Belarusian military intelligence."),
    ("2023-02", "February 2023.",
     "Hackers linked to Pakistan targeted Indian defence personnel with "
     "Android spyware disguised as a dating application and a news service "
     "about army pay. Researchers said the malware collected contacts, call "
     "logs, photos and location data. The group, tracked as Transparent "
     "Tribe, had used similar lures in previous years a|gainst officers of "
     "the Indian Army and students at military colleges."),
    ("2022-12", "December 2022.",
     "Hackers suspected of working for the Russian government stole "
     "internal documents from a British water utility and published them "
     "on a leak site, falsely claiming they had gained control of chemical "
     "dosing systems. The compa|ny said drinking water supplies had not "
     "been affected. The UK’s National Cyber Security Centre said it was "
     "working with the firm to understand the scope of the intrusion."),
    ("2022-11", "November 2022.",
     "A ransomware attack shut down the computer systems of the national "
     "health insurance agency of Costa Rica, forcing clinics to return to "
     "paper records and cancel thousands of appointments. The government "
     "declared a national emergency. Officials blamed a Russian|-speaking "
     "ransomware gang that had attacked the finance ministry earlier in "
     "the year and demanded ten million dollars."),
    ("2022-09", "September 2022.",
     "Hackers encrypted servers of a water and sewage company serving São "
     "Paulo state and leaked customer data after it refused to pay a "
     "ransom. Water supplies continued, but online billing was suspended "
     "for a week. Brazilian police said the attack appeared to be "
     "crimi|nal, though one lawmaker blamed a group linked to Russia "
     "without offering evidence."),
    ("2022-08", "August 2022.",
     "Taiwanese government websites, including those of the presidential "
     "office and the foreign ministry, were briefly knocked offline by "
     "DDoS attacks during a visit by the Speaker of the U.S. House of "
     "Representatives. Screens at several railway sta|tions showed messages "
     "insulting the visitor. Taiwanese officials said the traffic came "
     "from Chinese and Russian IP addresses."),
    ("2022-05", "May 2022|.",
     "Pro-Russian hackers calling themselves Killnet launched DDoS attacks "
     "against websites of the Italian Senate, the defence ministry and the "
     "national health institute. Italian police said the attacks caused "
     "only brief outages. The group said on Telegram that the campaign "
     "answered Italy’s support for Ukraine and threatened further attacks "
     "during the song contest held in Turin that month."),
    ("2022-04", "April 2022:",
     "Ukraine’s computer emergency response team said it had foiled an "
     "attempt by Sandworm to cut power to millions of people by deploying "
     "a new variant of the Industroyer malware against high-voltage "
     "substations. The attackers also planted wiper programs to destroy "
     "evidence on the utility’s computers. Officials said the attack had "
     "been planned for a Friday evening."),
    ("2022-02", "February 2022.",
     "Hours before Russian troops crossed the border, destructive malware "
     "disguised as ransomware erased data on hundreds of computers at "
     "Ukrainian government agencies and a bank. At the same time, an "
     "attack on a satellite network disabled thou|sands of modems across "
     "Europe, including those that controlled wind turbines in Germany. "
     "The European Union later blamed Russia for the satellite attack."),
    ("2022-01", "January 2022.",
     "Hackers defaced more than seventy Ukrainian government websites with "
     "a message warning citizens to “be afraid and expect the worst”, "
     "written in Ukrainian, Russian and Polish. Ukraine’s security service "
     "said the defacement covered a destructive attack on government "
     "servers and pointed to a group linked to Belarusian intelli|gence. "
     "Microsoft found wiper malware on dozens of systems."),
    ("2021-12", "December 2021.",
     "Belgium’s defence ministry said hackers had exploited the Log4j "
     "vulnera|bility to break into its network, forcing it to shut down "
     "parts of its email system for several days. The ministry did not "
     "name a culprit. Researchers reported that state-sponsored groups from "
     "China, Iran, North Korea and Turkey were using the flaw within days "
     "of its disclosure."),
    ("2021-10", "October 2021.",
     "Iran’s fuel distribution system was disrupted by a cyber~attack that "
     "left motorists unable to use government-issued cards to buy "
     "subsidised petrol at thousands of stations. Screens at petrol "
     "stations displayed a message directing complaints to the office of "
     "the Supreme Leader. Iranian officials blamed an unnamed foreign "
     "country. A group called Predatory Sparrow claimed responsibility."),
    ("2021-07", "July 2021.",
     "The United States, the European Union, the United Kingdom and NATO "
     "jointly accused China’s Ministry of State Security of hiring "
     "crimi|nal hackers to exploit flaws in Microsoft Exchange email "
     "servers, compromising tens of thousands of organizations earlier in "
     "the year. The U.S. Department of Justice charged four Chinese "
     "nationals over a separate campaign against universities and "
     "government agencies."),
    ("2021-05", "May 2021.",
     "A ransomware attack forced the operator of the largest fuel pipeline "
     "on the U.S. East Coast{split}to halt operations for five days, "
     "causing panic buying and shortages at petrol stations across the "
     "southeast. The company paid a ransom of about 4.4 million dollars in "
     "bitcoin. The FBI blamed DarkSide, a criminal group believed to "
     "operate from Russia, and later recovered part of the payment."),
    ("2021-05", None,
     "Since 2017, hackers linked to the Vietnamese government have "
     "targeted journalists, bloggers and human rights activists in Vietnam "
     "and abroad with spyware delivered through fake news websites and "
     "messaging apps. Researchers said the group, known as OceanLotus or "
     "APT32, had also targeted foreign car manufacturers planning "
     "factories in Vietnam."),
    ("2021-03", "March 2021.",
     "Norway’s parliament said hackers had exploited flaws in Microsoft "
     "Exchange to steal data from its email system, the second breach in "
     "less than a year. Norwegian police said the earlier intrusion had "
     "been carried out by APT28. Officials did not attribute the new "
     "attack, but security firms had linked the exploitation of the same "
     "flaws to a Chinese group called Hafnium."),
    ("2020-12", "December 2020.",
     "A U.S. security firm disclosed that hackers had inserted malicious "
     "code into updates of SolarWinds network manage|ment software, giving "
     "them access to thousands of organizations including the U.S. "
     "Treasury and the Department of Homeland Security. U.S. officials said "
     "the campaign was likely Russian in origin, and in April the United "
     "States formally blamed Russia’s Foreign Intelligence Service."),
    ("2020-10", "October 2020|.",
     "The U.S. Department of Justice indicted six officers of Russia’s "
     "military intelligence agency for destructive cyberattacks including "
     "the NotPetya malware, the disruption of Ukraine’s power grid and an "
     "attack on the opening ceremony of the 2018 Winter Olympics. "
     "Prosecutors said the officers belonged to the unit known as "
     "Sandworm. Russia denied any involvement."),
    ("2020-09", "September 2020.",
     "A ransomware attack on the university hospital in Düsseldorf "
     "disabled its systems and forced it to turn away emergency patients. "
     "A woman who had to be taken to a hospital in another city died, and "
     "German prosecutors opened a manslaughter investigation. The "
     "attackers, who appeared to have meant to target the university, "
     "provided a decryption key after police contacted them."),
    ("2020-09", None,
     "Throughout 2020, state-sponsored hackers from China, Russia and Iran "
     "targeted companies and laboratories developing vaccines against "
     "COVID-19, according to warnings from the United Kingdom, Canada and "
     "the United States. Officials said a group known as APT29 had used "
     "custom malware called WellMess against research insti|tutions in all "
     "three countries."),
    ("2020-05", "May 2020.",
     "Israeli officials said Iranian hackers had tried to raise chlorine "
     "levels in water supplied to residential areas by breaking into the "
     "control systems of several pumping stations. The attempt was stopped "
     "before it caused harm. Weeks later, a cyber~attack attributed by "
     "foreign media to Israel disrupted operations at an Iranian port on "
     "the Strait of Hormuz for several days."),
    ("2020-01", "January 2020|.",
     "The Austrian foreign ministry came under a serious cyberattack that "
     "officials said was likely carried out by a state actor, given its "
     "sophistication. The ministry disconnected parts of its network while "
     "investigators worked to remove the intruders. Security researchers "
     "pointed to Turla, a group that Western governments have linked to "
     "Russia’s Federal Security Service."),
    ("2019-12", "December 2019.",
     "A ransomware attack on the city of New Orleans forced officials to "
     "shut down computers across municipal departments and declare a state "
     "of emergency. Emergency services kept working with radios and paper. "
     "The attack was linked to the Ryuk ransomware, which researchers "
     "associated with a Russian|-speaking criminal group that targets "
     "local governments and hospitals."),
    ("2019-09", "September 2019.",
     "Hackers believed to be working for Iran targeted the personal email "
     "accounts of U.S. presidential campaign staff, current and former "
     "government officials and journalists. Microsoft said the group, "
     "which it calls Phosphorus, made more than 2,700 attempts to identify "
     "accounts and compromised four of them. None of the compromised "
     "accounts belonged to the campaign itself."),
    ("2019-06", "June 2019.",
     "Researchers revealed that a hacking group linked to China had spent "
     "years inside the networks of at least ten mobile carriers in Europe, "
     "Asia, Africa and the Middle East, stealing call records of specific "
     "individuals. The researchers said the tools and techniques matched "
     "those of APT10, a group the U.S. Justice Department had tied to "
     "China’s Ministry of State Security."),
    ("2019-04", "April 2019.",
     "A DNS hijacking campaign redirected email and web traffic of "
     "government ministries, intelligence agencies and airports in the "
     "Middle East and North Africa to servers controlled by the attackers, "
     "allowing them to harvest passwords. Researchers said the campaign, "
     "named Sea Turtle, was run by a state|-sponsored group but did not "
     "name a country. The attackers changed DNS records through domain "
     "registrars."),
    ("2019-03", "March 2019.",
     "Researchers revealed that hackers had hijacked the update server of "
     "a Taiwanese computer maker to push a backdoored update to as many as "
     "one million users, while the malware only activated on about six "
     "hundred machines chosen by their network addresses. Security firms "
     "linked the supply-~chain attack to a Chinese group known as Barium "
     "or APT41."),
    ("2019-01", "January 2019.",
     "Hackers leaked personal data and private messages of hundreds of "
     "German politicians, journalists and celebrities through a Twitter "
     "account styled as an online advent calendar. German police arrested "
     "a twenty-year-old student living with his parents in the state of "
     "Hesse, who said he had acted out of anger at public statements by "
     "the politicians."),
]

LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def clean(s):
    """The entry as a person reads it: no markup."""
    s = LINK_RE.sub(r"\1", s)
    s = s.replace("{br}", " ").replace("{split}", " ")
    return s.replace("|", "").replace("~", "")


def full_text(date_marker, text):
    return text if date_marker is None else date_marker + " " + text


# --- PDF ---------------------------------------------------------------------

# Helvetica advance widths (Adobe AFM, units of 1/1000 em), WinAnsi codes.
_W = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,
      278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278,
      584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
      500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
      667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
      278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
      278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
HELV = {chr(32 + i): w for i, w in enumerate(_W)}
WINANSI = {"’": 0x92, "‘": 0x91, "“": 0x93, "”": 0x94, "–": 0x96,
           "—": 0x97, "ü": 0xFC, "ã": 0xE3, "é": 0xE9, "ö": 0xF6}
WINANSI_W = {0x92: 222, 0x91: 222, 0x93: 333, 0x94: 333, 0x96: 556,
             0x97: 1000, 0xFC: 556, 0xE3: 556, 0xE9: 556, 0xF6: 556}

PAGE_W, PAGE_H = 612, 792          # US Letter
MARGIN_L, MARGIN_R = 72, 72
BODY_TOP, BODY_BOTTOM = 700, 80
FONT_SIZE, LEADING = 11, 14
ENTRY_GAP = 26                      # space between entries: pdftotext
                                    # prints a blank line for it
TIGHT_GAP = 4                       # ... but not for this one
RUN_TOGETHER = ("2022-04",)         # entries followed by TIGHT_GAP
GAP = 280                           # TJ offset of a kerning split (1/1000 em)
HEADER_Y, FOOTER_Y = 752, 40


def winansi(s):
    out = bytearray()
    for ch in s:
        if ch in WINANSI:
            out.append(WINANSI[ch])
        elif 32 <= ord(ch) < 127:
            out.append(ord(ch))
        else:
            raise ValueError("no WinAnsi code for %r" % ch)
    return bytes(out)


def width(s, size=FONT_SIZE):
    """Width in points of s, where '|' is a kerning gap."""
    units = 0
    for ch in s:
        if ch == "|":
            units += GAP
        elif ch in WINANSI:
            units += WINANSI_W[WINANSI[ch]]
        else:
            units += HELV[ch]
    return units * size / 1000.0


def pdf_string(b):
    out = bytearray(b"(")
    for c in b:
        if c in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([c])
        elif c >= 0x80:
            out += b"\\%03o" % c
        else:
            out.append(c)
    return bytes(out + b")")


def tj(line):
    """A TJ array for a line whose '|' marks are kerning gaps."""
    parts = line.split("|")
    items = []
    for i, p in enumerate(parts):
        if i > 0:
            items.append(b"-%d" % GAP)
        items.append(pdf_string(winansi(p)))
    return b"[" + b" ".join(items) + b"] TJ"


def pdf_words(s):
    """Words of a PDF text, with ('break',) where '~' forces a line end."""
    s = LINK_RE.sub(r"\1", s).replace("{br}", " ").replace("{split}", " ")
    items = []
    for w in s.split():
        while "~" in w:
            a, w = w.split("~", 1)
            items.append(a if a.endswith("-") else a + "-")
            items.append(None)
        items.append(w)
    return items


def wrap_pdf(s, maxw):
    lines, cur = [], ""
    for w in pdf_words(s):
        if w is None:
            lines.append(cur)
            cur = ""
            continue
        cand = w if not cur else cur + " " + w
        if cur and width(cand) > maxw:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def make_pdf():
    maxw = PAGE_W - MARGIN_L - MARGIN_R
    pages = []          # list of lists of (kind, x, y, text)
    cur = []
    y = BODY_TOP

    def new_page():
        nonlocal cur, y
        cur = []
        pages.append(cur)
        y = BODY_TOP

    new_page()
    cur.append(("title", MARGIN_L, y, TITLE))
    y -= 28
    for ln in wrap_pdf(PREAMBLE, maxw):
        cur.append(("body", MARGIN_L, y, ln))
        y -= LEADING
    y -= ENTRY_GAP
    for date, marker, text in ENTRIES:
        for ln in wrap_pdf(full_text(marker, text), maxw):
            if y < BODY_BOTTOM:
                new_page()
            cur.append(("body", MARGIN_L, y, ln))
            y -= LEADING
        y -= TIGHT_GAP if date in RUN_TOGETHER else ENTRY_GAP

    objs = {}
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then page/content pairs
    page_ids = [6 + 2 * i for i in range(n_pages)]
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = (b"<< /Type /Pages /Kids [" +
               b" ".join(b"%d 0 R" % p for p in page_ids) +
               b"] /Count %d >>" % n_pages)
    objs[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    objs[4] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
               b"/Encoding /WinAnsiEncoding >>")
    objs[5] = (b"<< /Title " + pdf_string(winansi(TITLE)) +
               b" /Author (normwatch) /Producer (tools/mkpdf.py) "
               b"/CreationDate (D:20241210120000Z) >>")
    for i, items in enumerate(pages):
        ops = [b"BT", b"/F1 9 Tf",
               b"1 0 0 1 %d %d Tm" % (MARGIN_L, HEADER_Y),
               pdf_string(winansi(HEADER)) + b" Tj"]
        for kind, x, yy, text in items:
            if kind == "title":
                ops.append(b"/F2 16 Tf")
            else:
                ops.append(b"/F1 %d Tf" % FONT_SIZE)
            ops.append(b"1 0 0 1 %d %d Tm" % (x, yy))
            ops.append(tj(text))
        num = str(i + 1)
        ops += [b"/F1 9 Tf",
                b"1 0 0 1 %.2f %d Tm" % ((PAGE_W - width(num, 9)) / 2,
                                         FOOTER_Y),
                pdf_string(num.encode()) + b" Tj", b"ET"]
        stream = b"\n".join(ops) + b"\n"
        pid, cid = page_ids[i], page_ids[i] + 1
        objs[pid] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                     b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                     b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, cid))
        objs[cid] = (b"<< /Length %d >>\nstream\n" % len(stream) + stream +
                     b"endstream")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (size, xref))
    return bytes(out), n_pages


# --- HTML --------------------------------------------------------------------

ENTITIES = {"’": "&rsquo;", "“": "&ldquo;", "”": "&rdquo;", "ü": "&uuml;",
            "ã": "&atilde;", "é": "&eacute;"}


def html_escape(s, entities):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if entities:
        for ch, ent in ENTITIES.items():
            s = s.replace(ch, ent)
    return s


def html_entry(i, marker, text):
    # even entries use named entities, odd ones literal UTF-8
    ent = i % 2 == 0
    t = text.replace("|", "").replace("~", "")
    links = []

    def keep_link(m):
        links.append((m.group(1), m.group(2)))
        return "\x00%d\x00" % (len(links) - 1)

    t = LINK_RE.sub(keep_link, t)
    t = html_escape(t, ent)
    t = t.replace("{br}", "<br>\n")
    t = t.replace("{split}", ' <div class="ad-slot"></div>\n')
    for k, (label, url) in enumerate(links):
        t = t.replace("\x00%d\x00" % k, '<a href="%s">%s</a>' % (
            html_escape(url, False), html_escape(label, ent)))
    if marker is None:
        return "<p>%s</p>" % t
    m = html_escape(marker.replace("|", ""), ent)
    if i % 3 == 0 or marker.startswith("May"):
        return "<p><strong>%s</strong> %s</p>" % (m, t)
    return "<p>%s %s</p>" % (m, t)


def make_html():
    out = []
    out.append("<!DOCTYPE html>")
    out.append('<html lang="en">')
    out.append("<head>")
    out.append('<meta charset="utf-8">')
    out.append("<title>%s | Sample list</title>" % TITLE)
    out.append("<style>\n  p { margin: 0 0 1em; }\n"
               "  .ad-slot { display: none; }\n"
               "  /* June 2031. Stylesheet text must never be read. */\n"
               "</style>")
    out.append("<script>\n"
               "  var banner = \"June 2031. Script text must never be "
               "read.\";\n"
               "  document.addEventListener('DOMContentLoaded', function () "
               "{\n    if (1 < 2 && banner) { console.log(banner); }\n"
               "  });\n</script>")
    out.append("</head>")
    out.append("<body>")
    out.append('<header class="site-header"><a href="/">Home</a> '
               "<span>Center for Incident Studies</span></header>")
    out.append('<nav aria-label="Main"><ul><li><a href="/topics">Topics'
               '</a></li><li><a href="/analysis">Analysis</a></li>'
               "<li>July 2030. Navigation text must never be read.</li>"
               "</ul></nav>")
    out.append("<main>")
    out.append("<article>")
    out.append("<h1>%s</h1>" % TITLE)
    out.append("<p>%s</p>" % html_escape(PREAMBLE, True))
    out.append("<!-- Entries below are kept by hand. "
               "August 2030. Comment text must never be read. -->")
    for i, (_, marker, text) in enumerate(ENTRIES):
        out.append(html_entry(i, marker, text))
        if i == len(ENTRIES) // 2:
            out.append("<!-- older entries -->")
    out.append("</article>")
    out.append("</main>")
    out.append('<aside><h2>Related</h2><p>September 2030. Sidebar text '
               "must never be read.</p></aside>")
    out.append('<footer><p>Last updated December 2024</p>'
               '<form action="/subscribe"><input name="email">'
               "<button>Subscribe</button></form></footer>")
    out.append("<noscript><p>October 2030. Noscript text must never be "
               "read.</p></noscript>")
    out.append("</body>")
    out.append("</html>")
    return ("\n".join(out) + "\n").encode("utf-8")


# --- text --------------------------------------------------------------------

TXT_WIDTH = 72
TXT_PAGE_LINES = 58


def wrap_txt(s):
    lines, cur = [], ""
    for w in s.split():
        cand = w if not cur else cur + " " + w
        if cur and len(cand) > TXT_WIDTH:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def make_txt():
    """Pasted text; returns (bytes, number of page breaks inside entries)."""
    out = []            # lines without line ends; "\f" starts a page
    page = 1
    on_page = 0
    inside = 0

    def put(line, in_entry=False, last=False):
        nonlocal page, on_page, inside
        if on_page >= TXT_PAGE_LINES:
            if in_entry:
                inside += 1
            out.append("")
            out.append(" " * 34 + str(page))
            page += 1
            out.append("\f" + HEADER)
            out.append("")
            on_page = 0
        out.append(line)
        on_page += 1

    out.append(HEADER)
    out.append("")
    put(TITLE)
    put("")
    for ln in wrap_txt(PREAMBLE):
        put(ln)
    put("")
    for _, marker, text in ENTRIES:
        lines = wrap_txt(clean(full_text(marker, text)))
        for k, ln in enumerate(lines):
            put(ln, in_entry=k > 0)
        put("")
    out.append(" " * 34 + str(page))
    body = "\r\n".join(out) + "\r\n"
    return b"\xef\xbb\xbf" + body.encode("utf-8"), inside


# --- expected entries --------------------------------------------------------

def make_tsv():
    rows = []
    for date, marker, text in ENTRIES:
        words = clean(text).split()
        rows.append("%s\t%s\t%s" % (date, " ".join(words[:5]),
                                     " ".join(words[-3:])))
    return ("\n".join(rows) + "\n").encode("utf-8")


def check():
    """The table itself: noise stays away from the words tests compare."""
    prev = None
    for date, marker, text in ENTRIES:
        words = text.replace("{br}", " ").replace("{split}", " ").split()
        for w in words[:5] + words[-3:]:
            assert "|" not in w and "~" not in w, (date, w)
        n = len(clean(full_text(marker, text)).split())
        assert n <= 80, (date, n)
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date), date
        if marker is None:
            assert prev is not None and date == prev, date
        prev = date
    dates = [d[:7] for d, _, _ in ENTRIES]
    assert dates == sorted(dates, reverse=True), "entries not newest first"


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "feeds", "samples")
    check()
    os.makedirs(outdir, exist_ok=True)
    pdf, n_pages = make_pdf()
    txt, inside = make_txt()
    assert n_pages >= 4, n_pages
    assert inside >= 1, "no page break inside an entry in the text"
    files = {
        "csis-list.pdf": pdf,
        "csis-list.html": make_html(),
        "csis-list.txt": txt,
        "expected-entries.tsv": make_tsv(),
    }
    for name, data in files.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    print("%d entries, %d PDF pages, written to %s" % (
        len(ENTRIES), n_pages, outdir))


if __name__ == "__main__":
    main()
