"""Vocabulary for the demo organization, kept apart from the generator so the
generator reads as rules and this file reads as data. Everything here is
fictional except the product and publisher names, which make the demo look
like a real software estate."""
from __future__ import annotations

from typing import NamedTuple

ORG_NAME = "Brightwater Analytics"
EMAIL_DOMAIN = "brightwater.example"
# Which legal entity signs a contract follows the contract currency.
LEGAL_ENTITIES = {"EUR": "Brightwater Analytics GmbH", "USD": "Brightwater Analytics Inc.",
                  "GBP": "Brightwater Analytics Ltd"}
FX_FROM_EUR = {"EUR": 1.0, "USD": 1.08, "GBP": 0.85}


class Product(NamedTuple):
    name: str
    publisher: str
    category: str
    deployment: str
    kind: str  # saas | desktop | infra: steers license types, keys and versions
    monthly_eur: float  # list price of one seat per month
    editions: tuple[str, ...]  # "" is the base product
    versions: tuple[str, ...] = ()
    grade: str | None = None
    rationale: str = ""
    website: str = ""


PRODUCTS: tuple[Product, ...] = (
    Product("Microsoft 365", "Microsoft", "Productivity", "Cloud", "saas", 23,
            editions=("E3", "E5", "Business Premium", "F3"),
            grade="A", rationale="SSO, enforced MFA, SOC 2 and ISO 27001, EU data boundary",
            website="https://www.microsoft.com/microsoft-365"),
    Product("Adobe Creative Cloud", "Adobe", "Design", "Cloud", "saas", 80,
            editions=("All Apps", "Photography", "Single App"),
            grade="B", rationale="SOC 2 and ISO 27001; data residency cannot be chosen",
            website="https://www.adobe.com/creativecloud.html"),
    Product("Adobe Acrobat Pro", "Adobe", "Productivity", "Hybrid", "desktop", 18,
            editions=("Team", "Enterprise"), versions=("2024", "2025")),
    Product("Slack", "Salesforce", "Communication", "Cloud", "saas", 8,
            editions=("Pro", "Business+", "Enterprise Grid"),
            grade="B", rationale="Enterprise key management available; one incident in the last 3 years",
            website="https://slack.com"),
    Product("Figma", "Figma", "Design", "Cloud", "saas", 15,
            editions=("Professional", "Organization", "Enterprise"),
            grade="A", rationale="SOC 2 Type II, SAML SSO and SCIM, subprocessors published",
            website="https://www.figma.com"),
    Product("Atlassian Jira", "Atlassian", "Engineering", "Cloud", "saas", 8,
            editions=("Standard", "Premium", "Enterprise"),
            grade="B", rationale="ISO 27001 and SOC 2; SSO needs Atlassian Guard",
            website="https://www.atlassian.com/software/jira"),
    Product("Atlassian Confluence", "Atlassian", "Productivity", "Cloud", "saas", 6,
            editions=("Standard", "Premium")),
    Product("JetBrains IntelliJ IDEA", "JetBrains", "Engineering", "On-Premise", "desktop", 50,
            editions=("Ultimate", "All Products Pack"), versions=("2024.3", "2025.1", "2025.2"),
            website="https://www.jetbrains.com/idea/"),
    Product("JetBrains DataGrip", "JetBrains", "Engineering", "On-Premise", "desktop", 20,
            editions=("Commercial",), versions=("2024.3", "2025.1")),
    Product("AutoCAD", "Autodesk", "Design", "Hybrid", "desktop", 200,
            editions=("", "LT"), versions=("2024", "2025", "2026"),
            grade="C", rationale="Named-user cloud sign-in; no customer-managed keys; data residency fixed"),
    Product("Zoom Workplace", "Zoom", "Communication", "Cloud", "saas", 13,
            editions=("Pro", "Business", "Enterprise"),
            grade="C", rationale="End-to-end encryption optional; several incidents in the last 3 years",
            website="https://zoom.us"),
    Product("GitHub Enterprise", "GitHub", "Engineering", "Hybrid", "saas", 21,
            editions=("Cloud", "Server"), versions=("3.13", "3.14"),
            grade="A", rationale="SAML SSO, audit log streaming, SOC 2 and ISO 27001"),
    Product("Tableau", "Salesforce", "Analytics", "Hybrid", "saas", 70,
            editions=("Creator", "Explorer", "Viewer"), versions=("2024.2", "2025.1")),
    Product("Sketch", "Sketch B.V.", "Design", "On-Premise", "desktop", 10,
            editions=("Business", "Standard"), versions=("100", "101")),
    Product("1Password", "1Password", "Security", "Cloud", "saas", 8,
            editions=("Business", "Enterprise Password Manager"),
            grade="A", rationale="Zero-knowledge encryption, SOC 2 Type II, published subprocessors",
            website="https://1password.com"),
    Product("Okta Workforce Identity", "Okta", "Security", "Cloud", "saas", 6,
            editions=("SSO", "Adaptive MFA", "Lifecycle Management"),
            grade="D", rationale="Several breaches in the last 3 years cap the grade",
            website="https://www.okta.com"),
    Product("Salesforce Sales Cloud", "Salesforce", "Sales", "Cloud", "saas", 150,
            editions=("Professional", "Enterprise", "Unlimited"),
            grade="B", rationale="Shield encryption is an add-on; SOC 2 and ISO 27001"),
    Product("HubSpot Marketing Hub", "HubSpot", "Marketing", "Cloud", "saas", 45,
            editions=("Starter", "Professional")),
    Product("Workday HCM", "Workday", "HR", "Cloud", "saas", 35,
            editions=("Core", "Core + Talent"),
            grade="A", rationale="ISO 27001, SOC 2, EU data centres, GDPR DPA signed"),
    Product("BambooHR", "BambooHR", "HR", "Cloud", "saas", 9,
            editions=("Core", "Pro")),
    Product("SAP Concur", "SAP", "Finance", "Cloud", "saas", 12,
            editions=("Expense", "Travel & Expense"),
            grade="B", rationale="SOC 1 and SOC 2; subprocessors published on request"),
    Product("Xero", "Xero", "Finance", "Cloud", "saas", 40,
            editions=("Standard", "Premium")),
    Product("DATEV Unternehmen online", "DATEV", "Finance", "Hybrid", "infra", 25,
            editions=("Buchführung", "Belegverwaltung"), versions=("2025",)),
    Product("Microsoft Visual Studio Enterprise", "Microsoft", "Engineering", "On-Premise", "desktop", 250,
            editions=("Enterprise", "Professional"), versions=("2022", "2026")),
    Product("Microsoft Power BI", "Microsoft", "Analytics", "Cloud", "saas", 13,
            editions=("Pro", "Premium Per User")),
    Product("Docker Desktop", "Docker", "Engineering", "Hybrid", "saas", 24,
            editions=("Business", "Team")),
    Product("Postman Enterprise", "Postman", "Engineering", "Cloud", "saas", 49,
            editions=("Basic", "Professional", "Enterprise"),
            grade="E", rationale="No data residency, no DPA on the lower tiers, SOC 2 only"),
    Product("CrowdStrike Falcon", "CrowdStrike", "Security", "Cloud", "infra", 8,
            editions=("Go", "Pro", "Enterprise"), versions=("7.19", "7.20"),
            grade="B", rationale="FedRAMP and SOC 2; sensor telemetry leaves the EU"),
    Product("Bitdefender GravityZone", "Bitdefender", "Security", "Hybrid", "infra", 4,
            editions=("Business Security", "Premium"), versions=("7.9",)),
    Product("VMware vSphere", "Broadcom", "IT Operations", "On-Premise", "infra", 120,
            editions=("Standard", "Foundation"), versions=("8.0 U2", "8.0 U3"),
            grade="C", rationale="Self-hosted; patch cadence and support terms changed after acquisition"),
    Product("Veeam Backup & Replication", "Veeam", "IT Operations", "On-Premise", "infra", 30,
            editions=("Universal", "Enterprise Plus"), versions=("12.1", "12.2")),
    Product("TeamViewer Tensor", "TeamViewer", "IT Operations", "Cloud", "saas", 60,
            editions=("Tensor", "Corporate"), versions=("15",),
            grade="F", rationale="Unencrypted legacy connections allowed; several incidents; no subprocessor list"),
    Product("Miro", "Miro", "Productivity", "Cloud", "saas", 10,
            editions=("Business", "Enterprise")),
    Product("Notion", "Notion Labs", "Productivity", "Cloud", "saas", 10,
            editions=("Plus", "Business", "Enterprise")),
    Product("Asana", "Asana", "Productivity", "Cloud", "saas", 13,
            editions=("Starter", "Advanced")),
    Product("Zendesk Suite", "Zendesk", "Customer Support", "Cloud", "saas", 69,
            editions=("Team", "Professional")),
    Product("DocuSign eSignature", "DocuSign", "Legal", "Cloud", "saas", 30,
            editions=("Standard", "Business Pro"),
            grade="B", rationale="ISO 27001 and SOC 2; EU data residency on request"),
    Product("MATLAB", "MathWorks", "Engineering", "On-Premise", "desktop", 180,
            editions=("Network Concurrent", "Individual"), versions=("R2024b", "R2025a")),
    Product("SOLIDWORKS Professional", "Dassault Systèmes", "Design", "On-Premise", "desktop", 330,
            editions=("Standard", "Professional"), versions=("2024", "2025")),
    Product("Snowflake", "Snowflake", "Analytics", "Cloud", "saas", 90,
            editions=("Standard", "Enterprise")),
    Product("Datadog", "Datadog", "IT Operations", "Cloud", "saas", 23,
            editions=("Pro", "Enterprise"),
            grade="B", rationale="SOC 2 and ISO 27001; EU site available"),
)

# License types by product kind, weights in LicenseType order (Perpetual ... Site License).
TYPE_WEIGHTS = {
    "saas": (0, 62, 10, 5, 3, 3, 0, 5, 2, 2, 0, 5),
    "desktop": (30, 25, 5, 5, 4, 5, 6, 5, 3, 10, 12, 0),
    "infra": (15, 25, 10, 3, 2, 0, 5, 15, 10, 5, 10, 10),
}
# Seat types by product kind, weights in SeatType order (user, device, concurrent, unlimited).
SEAT_WEIGHTS = {"saas": (78, 3, 9, 10), "desktop": (55, 20, 20, 5), "infra": (20, 60, 8, 12)}
# Seat counts vendors actually sell.
NICE_SEATS = (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250, 300, 400, 500, 600,
              750, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000)
PROJECTS = ("Project Atlas", "Project Nova", "Project Kestrel", "Project Tidewater", "Project Lumen", "Data Platform")

RISK_FOR_GRADE = {"A": "Low", "B": "Low", "C": "Medium", "D": "High", "E": "High", "F": "Critical"}

# Department, its share of headcount.
DEPARTMENTS: tuple[tuple[str, int], ...] = (
    ("Engineering", 26), ("Sales", 14), ("Customer Success", 10), ("Marketing", 8), ("Product", 6),
    ("Design", 5), ("Data", 6), ("Finance", 5), ("HR", 4), ("Legal", 2), ("IT", 5), ("Operations", 9),
)
# Office, its three-letter code for hostnames, its share of headcount.
LOCATIONS: tuple[tuple[str, str, int], ...] = (
    ("Berlin", "BER", 30), ("Munich", "MUC", 14), ("Amsterdam", "AMS", 10), ("London", "LON", 14),
    ("Lisbon", "LIS", 7), ("Warsaw", "WAW", 7), ("New York", "NYC", 8), ("Remote", "RMT", 10),
)

FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hannah", "Isabel", "Jonas", "Julia", "Karim",
    "Laura", "Lukas", "Maria", "Max", "Nina", "Oliver", "Paula", "Quentin", "Rosa", "Samuel", "Sofia", "Tobias",
    "Ulla", "Valentin", "Wiebke", "Xavier", "Yasmin", "Zoë", "Amelia", "Noah", "Olivia", "Liam", "Emma", "Lucas",
    "Mia", "Leon", "Lea", "Finn", "Emilia", "Paul", "Ida", "Elias", "Lina", "Henry", "Charlotte", "Theo", "Ava",
    "Jakob", "Mila", "Matteo", "Sara", "Omar", "Aisha", "Mehmet", "Elif", "Chen", "Mei", "Hiroshi", "Yuki",
    "Priya", "Arjun", "Ananya", "Rahul", "João", "Inês", "Tiago", "Beatriz", "Piotr", "Zofia", "Kacper", "Agnieszka",
    "Sven", "Ingrid", "Lars", "Astrid", "Daan", "Sanne", "Bram", "Fleur", "Chloé", "Hugo", "Léa", "Louis", "Camille",
    "Giulia", "Marco", "Francesca", "Luca", "Carmen", "Pablo", "Lucía", "Diego", "Oscar", "Freya", "George", "Grace",
    "Harry", "Isla", "Jack", "Keira", "Noor", "Tariq", "Selin", "Emre", "Nadia", "Ivan", "Olga", "Dmitri",
)
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Walter", "Peters", "Jansen", "de Vries",
    "van Dijk", "Bakker", "Visser", "Smit", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans",
    "Thomas", "Roberts", "Walker", "Wright", "Clarke", "Hughes", "Green", "Silva", "Santos", "Ferreira", "Pereira",
    "Costa", "Oliveira", "Nowak", "Kowalski", "Wiśniewski", "Lewandowski", "Kamińska", "Rossi", "Russo", "Bianchi",
    "Romano", "Colombo", "García", "Martínez", "López", "Sánchez", "Pérez", "Dubois", "Martin", "Bernard", "Moreau",
    "Laurent", "Lefèvre", "Andersson", "Johansson", "Nilsson", "Larsen", "Hansen", "Nielsen", "Yılmaz", "Kaya",
    "Demir", "Şahin", "Patel", "Sharma", "Singh", "Gupta", "Khan", "Ahmed", "Ali", "Hassan", "Nakamura", "Tanaka",
    "Sato", "Wang", "Li", "Zhang", "Liu", "Kim", "Park", "Lee", "Novak", "Horvat", "Ivanova", "Petrov", "O'Brien",
)

ADMINS = ("priya.raman@brightwater.example", "jonas.keller@brightwater.example",
            "it-service-desk@brightwater.example")
RESELLERS = ("SoftwareOne", "Bechtle", "Crayon", "Insight", "CDW", "Cancom", "Softcat", "SHI International")
FREE_TEXT_ASSIGNEES = ("Contractor", "Agency", "Intern", "Shared account", "Auditor")
SHARED_SEATS = ("Reception desk", "Training room", "Support rota", "Build agent", "Meeting room display")

# Device model, hostname prefix, operating systems, share of the fleet.
DEVICE_MODELS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ('MacBook Pro 14" M3', "LT", ("macOS 14 Sonoma", "macOS 15 Sequoia"), 28),
    ('MacBook Air 13" M2', "LT", ("macOS 14 Sonoma", "macOS 15 Sequoia"), 12),
    ("Lenovo ThinkPad X1 Carbon Gen 11", "LT", ("Windows 11 Pro 23H2", "Windows 11 Pro 24H2"), 22),
    ("Dell Latitude 7450", "LT", ("Windows 11 Pro 24H2", "Windows 10 Pro 22H2"), 14),
    ("Dell Precision 5680", "WS", ("Windows 11 Pro for Workstations", "Ubuntu 24.04 LTS"), 6),
    ("HP Z4 G5 Workstation", "WS", ("Windows 11 Pro for Workstations",), 4),
    ("Framework Laptop 13", "LT", ("Ubuntu 24.04 LTS", "Fedora 41"), 4),
    ("Dell PowerEdge R760", "SRV", ("Windows Server 2022", "Red Hat Enterprise Linux 9.4", "VMware ESXi 8.0"), 5),
    ("Lab PC (Intel NUC 13)", "LAB", ("Windows 11 Enterprise LTSC", "Ubuntu 22.04 LTS"), 5),
)

LICENSE_NOTES = (
    "Renewal quote requested from the reseller.",
    "True-up due at anniversary; count seats before the call.",
    "Includes premium support with 4-hour response.",
    "Price locked for the term; uplift capped at 5%.",
    "Budget owner approved expansion for Q3.",
    "Migrated from the old spreadsheet register.",
)
GEO_RESTRICTIONS = ("EU/EEA only", "Worldwide except embargoed countries", "Germany and Austria", "United Kingdom")
VIRTUALIZATION = ("Up to 2 VMs per licensed host", "Unlimited VMs on licensed hosts", "No virtualization rights")
