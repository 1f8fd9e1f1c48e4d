"""What the campaign toolkit teaches, as starting data in our own words: the elements of a
detainer policy, the research questions, and example messaging.

This is data, not interface text: it is stored in the database (where people edit it) and is
therefore not marked for translation.
"""

from typing import TypedDict


class ElementData(TypedDict):
    code: str
    group: str
    name: str
    description: str
    weight: int
    information_sharing: bool


ACCESS = "access"
COMPLIANCE = "compliance"

# Weights: 5 protects nearly everyone the jail holds; 1 helps at the margins.
ELEMENTS: list[ElementData] = [
    # Keep ICE from getting information and access.
    {
        "code": "dont-ask",
        "group": ACCESS,
        "name": "No questions about immigration status",
        "description": (
            "Police officers, jail staff and other local employees do not ask people about "
            "their immigration status or citizenship. What is never asked cannot be passed on, "
            "which is also the usual way to stay clear of the federal information-sharing law."
        ),
        "weight": 3,
        "information_sharing": False,
    },
    {
        "code": "no-place-of-birth",
        "group": ACCESS,
        "name": "No record of place of birth or status",
        "description": (
            "Booking forms and other local records stop collecting place of birth, country of "
            "origin and immigration status. Being born abroad is one of the main clues ICE uses "
            "to pick people for a hold, and it says nothing certain about citizenship."
        ),
        "weight": 3,
        "information_sharing": False,
    },
    {
        "code": "no-booking-data",
        "group": ACCESS,
        "name": "No booking data sent to ICE",
        "description": (
            "The jail does not pass booking sheets, daily custody lists or details of criminal "
            "cases to ICE, beyond the fingerprint check every jail runs with the FBI."
        ),
        "weight": 4,
        "information_sharing": True,
    },
    {
        "code": "no-ice-in-jail",
        "group": ACCESS,
        "name": "No ICE presence or interviews in the jail",
        "description": (
            "ICE agents do not enter secure areas of the jail or question people in custody "
            "without a judicial warrant. A weaker version allows an interview only after the "
            "agent says they are from ICE, the person is told they may refuse, agrees in "
            "writing, and can have a lawyer present."
        ),
        "weight": 4,
        "information_sharing": False,
    },
    {
        "code": "no-database-access",
        "group": ACCESS,
        "name": "No ICE access to local databases",
        "description": (
            "ICE gets no accounts, terminals or standing searches in local jail, court or "
            "police records systems."
        ),
        "weight": 2,
        "information_sharing": True,
    },
    {
        "code": "probation-parole",
        "group": ACCESS,
        "name": "Probation and parole stay out of immigration",
        "description": (
            "Probation and parole officers do not ask about immigration status and do not "
            "refer people on their caseload to ICE."
        ),
        "weight": 1,
        "information_sharing": True,
    },
    {
        "code": "fingerprints",
        "group": ACCESS,
        "name": "Fingerprints go only where they must",
        "description": (
            "Fingerprints taken at booking reach only the agencies required to receive them. "
            "Where state law allows, nobody is fingerprinted for a minor offense that ends in "
            "a citation."
        ),
        "weight": 2,
        "information_sharing": True,
    },
    {
        "code": "other-ids",
        "group": ACCESS,
        "name": "Other identity documents accepted",
        "description": (
            "Officers accept identity documents other than a driver's license, such as a "
            "consular or municipal ID, so that a traffic stop does not become an arrest and a "
            "booking."
        ),
        "weight": 1,
        "information_sharing": False,
    },
    {
        "code": "end-287g",
        "group": ACCESS,
        "name": "End the 287(g) agreement",
        "description": (
            "The agency ends its 287(g) agreement: no local officer is deputized to act as an "
            "immigration agent, in the jail or on patrol."
        ),
        "weight": 5,
        "information_sharing": False,
    },
    {
        "code": "profiling-training",
        "group": ACCESS,
        "name": "Better training against racial profiling",
        "description": (
            "Officers receive stronger, regular training against racial profiling, with "
            "stops recorded so the training can be checked."
        ),
        "weight": 1,
        "information_sharing": False,
    },
    {
        "code": "no-roadside-calls",
        "group": ACCESS,
        "name": "No calls to ICE from the roadside",
        "description": (
            "Officers do not call ICE or the Border Patrol during a traffic stop, and do not "
            "keep anyone at the roadside waiting for them."
        ),
        "weight": 2,
        "information_sharing": True,
    },
    {
        "code": "no-courthouse-arrests",
        "group": ACCESS,
        "name": "No ICE waiting at the courthouse",
        "description": (
            "ICE agents may not wait for, question or arrest people in or around local "
            "courthouses, so that people can come to court as victims, witnesses or defendants."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    # Stop complying with holds and limit their impact.
    {
        "code": "no-holds",
        "group": COMPLIANCE,
        "name": "Decline every ICE hold request",
        "description": (
            "The jail lets people go as soon as the criminal system has no reason to keep "
            "them, whatever an ICE hold request asks, with no exceptions by charge, record or "
            "payment."
        ),
        "weight": 5,
        "information_sharing": False,
    },
    {
        "code": "no-holds-unconvicted",
        "group": COMPLIANCE,
        "name": "No holds on anyone not convicted",
        "description": (
            "Nobody presumed innocent is kept for ICE: not people whose charges are pending or "
            "were dropped, nor those released on bail or on their own recognizance."
        ),
        "weight": 3,
        "information_sharing": False,
    },
    {
        "code": "no-holds-minor-offenses",
        "group": COMPLIANCE,
        "name": "No holds for minor offenses",
        "description": (
            "Nobody is kept for ICE because of a traffic offense, an infraction or a "
            "low-level misdemeanor."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "no-local-resources",
        "group": COMPLIANCE,
        "name": "No local money or staff time for ICE",
        "description": (
            "Local funds, staff and jail beds are not spent holding people for ICE; at the "
            "very least nothing is done for ICE unless the federal government pays in full."
        ),
        "weight": 3,
        "information_sharing": False,
    },
    {
        "code": "no-release-dates",
        "group": COMPLIANCE,
        "name": "No release dates given to ICE",
        "description": (
            "The jail does not tell ICE when someone will be let out, so that agents are not "
            "waiting at the door."
        ),
        "weight": 4,
        "information_sharing": True,
    },
    {
        "code": "no-holds-without-charges",
        "group": COMPLIANCE,
        "name": "No holds without a lawful criminal charge",
        "description": (
            "A hold request is never honored for someone in custody without a valid criminal "
            "charge behind it."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "no-juvenile-holds",
        "group": COMPLIANCE,
        "name": "No holds on young people",
        "description": "Nobody under 18 is kept in custody for ICE.",
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "bail-unaffected",
        "group": COMPLIANCE,
        "name": "Holds do not affect bail",
        "description": (
            "A hold request is no reason to raise bail, deny it, or refuse a bail payment."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "programs-unaffected",
        "group": COMPLIANCE,
        "name": "Holds do not shut people out of programs",
        "description": (
            "People with a hold request stay eligible for early release, work release, "
            "treatment, diversion and other alternatives to jail."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "notice-of-hold",
        "group": COMPLIANCE,
        "name": "Notice to the person and their lawyer",
        "description": (
            "When ICE lodges a hold or asks to interview someone, that person and their lawyer "
            "are told at once, with the date and who filed it, so that it can be challenged."
        ),
        "weight": 2,
        "information_sharing": False,
    },
    {
        "code": "know-your-rights",
        "group": COMPLIANCE,
        "name": "Know-your-rights information in the jail",
        "description": (
            "The jail makes know-your-rights material available and explains to people what a "
            "hold request is and what they can do about it."
        ),
        "weight": 1,
        "information_sharing": False,
    },
    {
        "code": "consular-notice",
        "group": COMPLIANCE,
        "name": "Consular notice at booking",
        "description": (
            "At booking, everyone is told of their right to contact their country's consulate "
            "(Vienna Convention on Consular Relations)."
        ),
        "weight": 1,
        "information_sharing": False,
    },
    {
        "code": "staff-training",
        "group": COMPLIANCE,
        "name": "Training on holds and their legal limits",
        "description": (
            "Police and jail staff learn what hold requests are and what the law allows, "
            "including the 48-hour limit."
        ),
        "weight": 1,
        "information_sharing": False,
    },
    {
        "code": "complaints",
        "group": COMPLIANCE,
        "name": "Written complaint and review process",
        "description": (
            "Anyone can file a written complaint that the policy was broken, and someone "
            "independent reviews it and answers in writing."
        ),
        "weight": 1,
        "information_sharing": False,
    },
]


class QuestionData(TypedDict):
    key: str
    question: str
    hint: str


RESEARCH_QUESTIONS: list[QuestionData] = [
    {
        "key": "ice-programs",
        "question": (
            "Which ICE programs reach into local custody here: 287(g), the Criminal Alien "
            "Program, fingerprint sharing through Secure Communities?"
        ),
        "hint": "ICE's published 287(g) lists; the sheriff's office; public defenders.",
    },
    {
        "key": "hold-speed",
        "question": "How quickly, and at what point in custody, does ICE lodge its holds?",
        "hint": "Public defenders and immigration lawyers; jail records through a records request.",
    },
    {
        "key": "facility-control",
        "question": (
            "Who controls each place where people are held after arrest: police hold rooms, "
            "the city jail, the county jail, state prisons?"
        ),
        "hint": "The reference data's facilities; county and city budgets; state law.",
    },
    {
        "key": "final-custody",
        "question": (
            "Where do most people arrested here end up before they are released, and who "
            "controls that facility?"
        ),
        "hint": "Record it as a custody step in the reference data: its office is your target.",
    },
    {
        "key": "detention-cost",
        "question": "What does detention cost the county or city, and who pays for ICE holds?",
        "hint": "The jail's budget and daily population; the cost estimate in the reference data.",
    },
    {
        "key": "laws",
        "question": (
            "Which local or state laws already limit, or require, police involvement in "
            "immigration enforcement?"
        ),
        "hint": "State statutes, county and city codes, enacted detainer policies; ask a lawyer.",
    },
    {
        "key": "past-48-hours",
        "question": (
            "Does ICE pick people up quickly, or are people kept beyond the 48 hours the law "
            "allows?"
        ),
        "hint": "Stories with a detention timeline; release records from a records request.",
    },
    {
        "key": "sympathetic-targets",
        "question": "Which of the people who could decide may be open to the campaign's concerns?",
        "hint": "Votes, public statements, research meetings with officials and their staff.",
    },
    {
        "key": "agreements",
        "question": "What agreements has local law enforcement made with ICE?",
        "hint": "287(g) agreements, detention contracts (IGSAs), jail access, data sharing.",
    },
]


MESSAGING_FRAMES = [
    {
        "title": "Enforcement tears communities apart",
        "vision": (
            "Deportations break up families, hurt local businesses and take away people's "
            "freedom. Policing that shares our community's values keeps immigrant neighbors "
            "safe instead of handing them over."
        ),
        "points": [
            {
                "text": (
                    "When local police work for ICE, immigrants stop reporting crimes and "
                    "coming forward as witnesses, and everyone is less safe."
                ),
                "pros": "Speaks to public safety, which officials care about.\nPolice chiefs "
                "have said it themselves.",
                "cons": "Accepts policing as the measure of safety.",
            },
            {
                "text": (
                    "A deportation leaves children without a parent, an employer without a "
                    "worker and a landlord without rent: the whole community pays."
                ),
                "pros": "Concrete and local.\nBrings in employers and faith groups.",
                "cons": "Can sound like people matter only for what they contribute.",
            },
        ],
    },
    {
        "title": "Keep the criminal courts and ICE apart",
        "vision": (
            "The courts decide who stays in jail and for how long. An ICE request should not "
            "add days in jail, higher bail or lost programs to anyone's case."
        ),
        "points": [
            {
                "text": (
                    "The policy lets out nobody the courts have not already decided to "
                    "release; judges still set bail to protect the public."
                ),
                "pros": "Answers the fear of dangerous people being released.",
                "cons": "Keeps the debate on crime, the opposition's ground.",
            },
            {
                "text": (
                    "Immigrants in jail do not get the same chances at bail and treatment "
                    "programs as everyone else."
                ),
                "pros": "Plainly unfair.\nMay win allies working on criminal justice.",
                "cons": "Technical for many listeners.\nSome believe noncitizens should be "
                "treated differently.",
            },
            {
                "text": (
                    "Deportation on top of a sentence already served is a second punishment "
                    "that only immigrants receive."
                ),
                "pros": "Links criminal justice and immigration allies.",
                "cons": "Draws attention to people with convictions.\nSome politicians will "
                "not repeat it.",
            },
        ],
    },
    {
        "title": "Local money, local choice",
        "vision": (
            "Immigration enforcement is the federal government's job. Our county should not "
            "pay for it with local beds, staff and trust."
        ),
        "points": [
            {
                "text": (
                    "Holding people for ICE costs the county money it never gets back: the "
                    "federal government does not pay for holds."
                ),
                "pros": "Money moves local officials.\nEasy to show with the jail's own figures.",
                "cons": "What if the federal government offers to pay?\nLeaves the moral "
                "argument aside.",
            },
            {
                "text": "We should not do ICE's job for it, whatever one thinks of deportations.",
                "pros": "Reaches people who do not share our views on immigration.",
                "cons": "Says little about the people harmed.",
            },
        ],
    },
]

OPPOSING_MESSAGES = [
    {
        "message": (
            "This policy puts dangerous criminals back on our streets instead of letting the "
            "federal government deport them."
        ),
        "said_by": "A prosecutor or sheriff",
        "response": (
            "Nobody leaves jail under this policy unless a judge or a completed sentence "
            "already allows it. The courts keep every tool they have to protect the public; "
            "the county simply stops holding people for another agency."
        ),
    },
    {
        "message": "The county is defying federal law.",
        "said_by": "ICE",
        "response": (
            "An ICE hold is a request, not an order, and the federal government cannot make "
            "a county keep people in jail for it. Jails that did have been found liable for "
            "holding people without a warrant."
        ),
    },
    {
        "message": "When someone released under this policy commits a crime, officials will "
        "have blood on their hands.",
        "said_by": "Anti-immigrant groups, some columnists",
        "response": (
            "Every resident goes through the same courts with the same safeguards. Singling "
            "people out by a suspicion about their papers does not make anyone safer; it makes "
            "victims and witnesses afraid to call the police."
        ),
    },
    {
        "message": "Immigrants without papers should not get the same bail and programs.",
        "said_by": "Opponents on the county board",
        "response": (
            "Whether someone stays in jail should depend on the charge and the evidence, "
            "not on who they are suspected to be. Equal treatment is what the courts promise "
            "everyone."
        ),
    },
]
