/* demo-text.c: what the demo shop sells and what its customers and agents say,
 * in English, Ukrainian, Czech and Kazakh. Kept apart from demo.c so that the
 * generator's logic stays readable; see demo.h for the template syntax. */
#include "config.h"

#include <stddef.h>

#include "core/demo.h"

#define N_(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------- names */

static const struct demo_first en_female[] = {
	{ "Emma", "Emma", "emma" }, { "Olivia", "Olivia", "olivia" },
	{ "Sophie", "Sophie", "sophie" }, { "Charlotte", "Charlotte", "charlotte" },
	{ "Amelia", "Amelia", "amelia" }, { "Grace", "Grace", "grace" },
	{ "Hannah", "Hannah", "hannah" }, { "Lucy", "Lucy", "lucy" },
	{ "Emily", "Emily", "emily" }, { "Chloe", "Chloe", "chloe" },
	{ "Jessica", "Jessica", "jessica" }, { "Megan", "Megan", "megan" },
	{ "Sarah", "Sarah", "sarah" }, { "Laura", "Laura", "laura" },
	{ "Rachel", "Rachel", "rachel" }, { "Abigail", "Abigail", "abigail" },
	{ "Ella", "Ella", "ella" }, { "Isla", "Isla", "isla" },
	{ "Ava", "Ava", "ava" }, { "Mia", "Mia", "mia" },
	{ "Aoife", "Aoife", "aoife" }, { "Siobhán", "Siobhán", "siobhan" },
	{ "Madison", "Madison", "madison" }, { "Ashley", "Ashley", "ashley" },
};
static const struct demo_first en_male[] = {
	{ "James", "James", "james" }, { "Oliver", "Oliver", "oliver" },
	{ "Harry", "Harry", "harry" }, { "Jack", "Jack", "jack" },
	{ "George", "George", "george" }, { "Thomas", "Thomas", "thomas" },
	{ "William", "William", "william" }, { "Daniel", "Daniel", "daniel" },
	{ "Samuel", "Samuel", "samuel" }, { "Joshua", "Joshua", "joshua" },
	{ "Matthew", "Matthew", "matthew" }, { "Ryan", "Ryan", "ryan" },
	{ "Liam", "Liam", "liam" }, { "Noah", "Noah", "noah" },
	{ "Ethan", "Ethan", "ethan" }, { "Michael", "Michael", "michael" },
	{ "David", "David", "david" }, { "Connor", "Connor", "connor" },
	{ "Lewis", "Lewis", "lewis" }, { "Tyler", "Tyler", "tyler" },
	{ "Brandon", "Brandon", "brandon" }, { "Seán", "Seán", "sean" },
	{ "Ciarán", "Ciarán", "ciaran" }, { "Patrick", "Patrick", "patrick" },
};
static const struct demo_last en_last[] = {
	{ "Smith", "Smith", "smith", "smith" }, { "Jones", "Jones", "jones", "jones" },
	{ "Taylor", "Taylor", "taylor", "taylor" }, { "Brown", "Brown", "brown", "brown" },
	{ "Williams", "Williams", "williams", "williams" },
	{ "Wilson", "Wilson", "wilson", "wilson" },
	{ "Johnson", "Johnson", "johnson", "johnson" },
	{ "Davies", "Davies", "davies", "davies" },
	{ "Robinson", "Robinson", "robinson", "robinson" },
	{ "Wright", "Wright", "wright", "wright" },
	{ "Thompson", "Thompson", "thompson", "thompson" },
	{ "Evans", "Evans", "evans", "evans" }, { "Walker", "Walker", "walker", "walker" },
	{ "White", "White", "white", "white" }, { "Roberts", "Roberts", "roberts", "roberts" },
	{ "Green", "Green", "green", "green" }, { "Hall", "Hall", "hall", "hall" },
	{ "Wood", "Wood", "wood", "wood" }, { "Jackson", "Jackson", "jackson", "jackson" },
	{ "Clarke", "Clarke", "clarke", "clarke" }, { "Murphy", "Murphy", "murphy", "murphy" },
	{ "O'Brien", "O'Brien", "obrien", "obrien" }, { "Kelly", "Kelly", "kelly", "kelly" },
	{ "Walsh", "Walsh", "walsh", "walsh" }, { "Byrne", "Byrne", "byrne", "byrne" },
	{ "Miller", "Miller", "miller", "miller" }, { "Garcia", "Garcia", "garcia", "garcia" },
	{ "Anderson", "Anderson", "anderson", "anderson" },
	{ "Martinez", "Martinez", "martinez", "martinez" }, { "Lee", "Lee", "lee", "lee" },
	{ "Harris", "Harris", "harris", "harris" }, { "Baker", "Baker", "baker", "baker" },
};

/* Ukrainian names are addressed in the vocative ("Вітаю, Олено!"); the
 * transliteration follows the official 2010 table. */
static const struct demo_first uk_female[] = {
	{ "Олена", "Олено", "olena" }, { "Оксана", "Оксано", "oksana" },
	{ "Ірина", "Ірино", "iryna" }, { "Наталія", "Наталіє", "nataliia" },
	{ "Тетяна", "Тетяно", "tetiana" }, { "Юлія", "Юліє", "yuliia" },
	{ "Марія", "Маріє", "mariia" }, { "Анна", "Анно", "anna" },
	{ "Катерина", "Катерино", "kateryna" }, { "Софія", "Софіє", "sofiia" },
	{ "Дарина", "Дарино", "daryna" }, { "Вікторія", "Вікторіє", "viktoriia" },
	{ "Ганна", "Ганно", "hanna" }, { "Людмила", "Людмило", "liudmyla" },
	{ "Христина", "Христино", "khrystyna" }, { "Іванна", "Іванно", "ivanna" },
	{ "Соломія", "Соломіє", "solomiia" }, { "Анастасія", "Анастасіє", "anastasiia" },
	{ "Галина", "Галино", "halyna" }, { "Мар’яна", "Мар’яно", "mariana" },
};
static const struct demo_first uk_male[] = {
	{ "Олександр", "Олександре", "oleksandr" }, { "Андрій", "Андрію", "andrii" },
	{ "Дмитро", "Дмитре", "dmytro" }, { "Сергій", "Сергію", "serhii" },
	{ "Тарас", "Тарасе", "taras" }, { "Богдан", "Богдане", "bohdan" },
	{ "Максим", "Максиме", "maksym" }, { "Іван", "Іване", "ivan" },
	{ "Микола", "Миколо", "mykola" }, { "Василь", "Василю", "vasyl" },
	{ "Юрій", "Юрію", "yurii" }, { "Олег", "Олегу", "oleh" },
	{ "Остап", "Остапе", "ostap" }, { "Назар", "Назаре", "nazar" },
	{ "Віталій", "Віталію", "vitalii" }, { "Павло", "Павле", "pavlo" },
	{ "Роман", "Романе", "roman" }, { "Артем", "Артеме", "artem" },
	{ "Євген", "Євгене", "yevhen" }, { "Ярослав", "Ярославе", "yaroslav" },
};
static const struct demo_last uk_last[] = {
	{ "Шевченко", "Шевченко", "shevchenko", "shevchenko" },
	{ "Коваленко", "Коваленко", "kovalenko", "kovalenko" },
	{ "Бондаренко", "Бондаренко", "bondarenko", "bondarenko" },
	{ "Ткаченко", "Ткаченко", "tkachenko", "tkachenko" },
	{ "Кравченко", "Кравченко", "kravchenko", "kravchenko" },
	{ "Олійник", "Олійник", "oliinyk", "oliinyk" },
	{ "Мельник", "Мельник", "melnyk", "melnyk" },
	{ "Шевчук", "Шевчук", "shevchuk", "shevchuk" },
	{ "Поліщук", "Поліщук", "polishchuk", "polishchuk" },
	{ "Бойко", "Бойко", "boiko", "boiko" },
	{ "Лисенко", "Лисенко", "lysenko", "lysenko" },
	{ "Руденко", "Руденко", "rudenko", "rudenko" },
	{ "Савчук", "Савчук", "savchuk", "savchuk" },
	{ "Марченко", "Марченко", "marchenko", "marchenko" },
	{ "Гнатюк", "Гнатюк", "hnatiuk", "hnatiuk" },
	{ "Петренко", "Петренко", "petrenko", "petrenko" },
	{ "Левченко", "Левченко", "levchenko", "levchenko" },
	{ "Кушнір", "Кушнір", "kushnir", "kushnir" },
	{ "Мороз", "Мороз", "moroz", "moroz" },
	{ "Сидоренко", "Сидоренко", "sydorenko", "sydorenko" },
	{ "Костенко", "Костенко", "kostenko", "kostenko" },
	{ "Павленко", "Павленко", "pavlenko", "pavlenko" },
	{ "Ковальський", "Ковальська", "kovalskyi", "kovalska" },
	{ "Вишневський", "Вишневська", "vyshnevskyi", "vyshnevska" },
	{ "Заїка", "Заїка", "zaika", "zaika" },
};

static const struct demo_first cs_female[] = {
	{ "Jana", "Jana", "jana" }, { "Eva", "Eva", "eva" }, { "Hana", "Hana", "hana" },
	{ "Anna", "Anna", "anna" }, { "Lenka", "Lenka", "lenka" },
	{ "Kateřina", "Kateřina", "katerina" }, { "Lucie", "Lucie", "lucie" },
	{ "Věra", "Věra", "vera" }, { "Petra", "Petra", "petra" },
	{ "Alena", "Alena", "alena" }, { "Tereza", "Tereza", "tereza" },
	{ "Veronika", "Veronika", "veronika" }, { "Martina", "Martina", "martina" },
	{ "Markéta", "Markéta", "marketa" }, { "Klára", "Klára", "klara" },
	{ "Barbora", "Barbora", "barbora" }, { "Zuzana", "Zuzana", "zuzana" },
	{ "Michaela", "Michaela", "michaela" }, { "Eliška", "Eliška", "eliska" },
	{ "Adéla", "Adéla", "adela" },
};
static const struct demo_first cs_male[] = {
	{ "Jan", "Jan", "jan" }, { "Petr", "Petr", "petr" }, { "Tomáš", "Tomáš", "tomas" },
	{ "Jiří", "Jiří", "jiri" }, { "Martin", "Martin", "martin" },
	{ "Jakub", "Jakub", "jakub" }, { "Pavel", "Pavel", "pavel" },
	{ "Lukáš", "Lukáš", "lukas" }, { "Ondřej", "Ondřej", "ondrej" },
	{ "Josef", "Josef", "josef" }, { "Michal", "Michal", "michal" },
	{ "David", "David", "david" }, { "Vojtěch", "Vojtěch", "vojtech" },
	{ "Filip", "Filip", "filip" }, { "Marek", "Marek", "marek" },
	{ "Karel", "Karel", "karel" }, { "Miroslav", "Miroslav", "miroslav" },
	{ "Zdeněk", "Zdeněk", "zdenek" }, { "Matěj", "Matěj", "matej" },
	{ "Radek", "Radek", "radek" },
};
static const struct demo_last cs_last[] = {
	{ "Novák", "Nováková", "novak", "novakova" },
	{ "Svoboda", "Svobodová", "svoboda", "svobodova" },
	{ "Novotný", "Novotná", "novotny", "novotna" },
	{ "Dvořák", "Dvořáková", "dvorak", "dvorakova" },
	{ "Černý", "Černá", "cerny", "cerna" },
	{ "Procházka", "Procházková", "prochazka", "prochazkova" },
	{ "Kučera", "Kučerová", "kucera", "kucerova" },
	{ "Veselý", "Veselá", "vesely", "vesela" },
	{ "Horák", "Horáková", "horak", "horakova" },
	{ "Němec", "Němcová", "nemec", "nemcova" },
	{ "Marek", "Marková", "marek", "markova" },
	{ "Pospíšil", "Pospíšilová", "pospisil", "pospisilova" },
	{ "Pokorný", "Pokorná", "pokorny", "pokorna" },
	{ "Hájek", "Hájková", "hajek", "hajkova" },
	{ "Král", "Králová", "kral", "kralova" },
	{ "Jelínek", "Jelínková", "jelinek", "jelinkova" },
	{ "Růžička", "Růžičková", "ruzicka", "ruzickova" },
	{ "Beneš", "Benešová", "benes", "benesova" },
	{ "Fiala", "Fialová", "fiala", "fialova" },
	{ "Sedláček", "Sedláčková", "sedlacek", "sedlackova" },
	{ "Doležal", "Doležalová", "dolezal", "dolezalova" },
	{ "Zeman", "Zemanová", "zeman", "zemanova" },
	{ "Kolář", "Kolářová", "kolar", "kolarova" },
	{ "Navrátil", "Navrátilová", "navratil", "navratilova" },
	{ "Čermák", "Čermáková", "cermak", "cermakova" },
};

static const struct demo_first kk_female[] = {
	{ "Айгүл", "Айгүл", "aigul" }, { "Әйгерім", "Әйгерім", "aigerim" },
	{ "Динара", "Динара", "dinara" }, { "Гүлнар", "Гүлнар", "gulnar" },
	{ "Жанар", "Жанар", "zhanar" }, { "Салтанат", "Салтанат", "saltanat" },
	{ "Мадина", "Мадина", "madina" }, { "Аружан", "Аружан", "aruzhan" },
	{ "Әсел", "Әсел", "asel" }, { "Ақбота", "Ақбота", "akbota" },
	{ "Назерке", "Назерке", "nazerke" }, { "Дана", "Дана", "dana" },
	{ "Томирис", "Томирис", "tomiris" }, { "Айым", "Айым", "aiym" },
	{ "Айжан", "Айжан", "aizhan" }, { "Гүлжан", "Гүлжан", "gulzhan" },
	{ "Балжан", "Балжан", "balzhan" }, { "Камила", "Камила", "kamila" },
	{ "Інжу", "Інжу", "inzhu" }, { "Жұлдыз", "Жұлдыз", "zhuldyz" },
};
static const struct demo_first kk_male[] = {
	{ "Нұрлан", "Нұрлан", "nurlan" }, { "Ерлан", "Ерлан", "yerlan" },
	{ "Асқар", "Асқар", "askar" }, { "Дәурен", "Дәурен", "dauren" },
	{ "Бауыржан", "Бауыржан", "bauyrzhan" }, { "Ержан", "Ержан", "yerzhan" },
	{ "Арман", "Арман", "arman" }, { "Қайрат", "Қайрат", "kairat" },
	{ "Мұрат", "Мұрат", "murat" }, { "Санжар", "Санжар", "sanzhar" },
	{ "Нұрсұлтан", "Нұрсұлтан", "nursultan" }, { "Ақжол", "Ақжол", "akzhol" },
	{ "Ерболат", "Ерболат", "yerbolat" }, { "Айдос", "Айдос", "aidos" },
	{ "Темірлан", "Темірлан", "temirlan" }, { "Әлихан", "Әлихан", "alikhan" },
	{ "Досжан", "Досжан", "doszhan" }, { "Ғалым", "Ғалым", "galym" },
	{ "Мирас", "Мирас", "miras" }, { "Әділет", "Әділет", "adilet" },
};
static const struct demo_last kk_last[] = {
	{ "Нұрланов", "Нұрланова", "nurlanov", "nurlanova" },
	{ "Серікбаев", "Серікбаева", "serikbayev", "serikbayeva" },
	{ "Жақсыбеков", "Жақсыбекова", "zhaksybekov", "zhaksybekova" },
	{ "Омаров", "Омарова", "omarov", "omarova" },
	{ "Әбілов", "Әбілова", "abilov", "abilova" },
	{ "Қасымов", "Қасымова", "kassymov", "kassymova" },
	{ "Ахметов", "Ахметова", "akhmetov", "akhmetova" },
	{ "Сейітов", "Сейітова", "seitov", "seitova" },
	{ "Исабеков", "Исабекова", "issabekov", "issabekova" },
	{ "Төлеуов", "Төлеуова", "toleuov", "toleuova" },
	{ "Жұмабаев", "Жұмабаева", "zhumabayev", "zhumabayeva" },
	{ "Байжанов", "Байжанова", "baizhanov", "baizhanova" },
	{ "Мұқанов", "Мұқанова", "mukanov", "mukanova" },
	{ "Сәрсенбаев", "Сәрсенбаева", "sarsenbayev", "sarsenbayeva" },
	{ "Ермеков", "Ермекова", "yermekov", "yermekova" },
	{ "Оспанов", "Оспанова", "ospanov", "ospanova" },
	{ "Құдайбергенов", "Құдайбергенова", "kudaibergenov", "kudaibergenova" },
	{ "Есенов", "Есенова", "yessenov", "yessenova" },
	{ "Тұрсынов", "Тұрсынова", "tursynov", "tursynova" },
	{ "Серікұлы", "Серікқызы", "serikuly", "serikkyzy" },
	{ "Болатұлы", "Болатқызы", "bolatuly", "bolatkyzy" },
};

const struct demo_names demo_names[DEMO_NLOCALES] = {
	[DEMO_EN] = { en_female, N_(en_female), en_male, N_(en_male), en_last, N_(en_last) },
	[DEMO_UK] = { uk_female, N_(uk_female), uk_male, N_(uk_male), uk_last, N_(uk_last) },
	[DEMO_CS] = { cs_female, N_(cs_female), cs_male, N_(cs_male), cs_last, N_(cs_last) },
	[DEMO_KK] = { kk_female, N_(kk_female), kk_male, N_(kk_male), kk_last, N_(kk_last) },
};

/* ------------------------------------------------------------ catalogue */

enum { BLK = 1 << 0, WHT = 1 << 1, NVY = 1 << 2, GRY = 1 << 3, BEI = 1 << 4,
	OLV = 1 << 5, BRG = 1 << 6, SKY = 1 << 7 };

const struct demo_colour demo_colours[] = {
	{ "BLK", { "Black", "Чорний", "Černá", "Қара" } },
	{ "WHT", { "White", "Білий", "Bílá", "Ақ" } },
	{ "NVY", { "Navy", "Темно-синій", "Tmavě modrá", "Қою көк" } },
	{ "GRY", { "Grey", "Сірий", "Šedá", "Сұр" } },
	{ "BEI", { "Beige", "Бежевий", "Béžová", "Беж" } },
	{ "OLV", { "Olive", "Оливковий", "Olivová", "Зәйтүн түсті" } },
	{ "BRG", { "Burgundy", "Бордовий", "Vínová", "Шие түсті" } },
	{ "SKY", { "Sky blue", "Блакитний", "Světle modrá", "Көгілдір" } },
};
const int demo_colour_count = N_(demo_colours);

const struct demo_product demo_products[] = {
	{ "TS-ORG", DEMO_APPAREL, BLK | WHT | NVY | GRY | OLV, 2490,
	  { "Organic cotton T-shirt", "Футболка з органічної бавовни",
	    "Tričko z biobavlny", "Органикалық мақта футболка" } },
	{ "TS-BRT", DEMO_APPAREL, NVY | BRG, 3490,
	  { "Breton striped long-sleeve top", "Лонгслів у бретонську смужку",
	    "Pruhované tričko s dlouhým rukávem", "Жолақты ұзын жеңді футболка" } },
	{ "SW-MER", DEMO_APPAREL, GRY | NVY | BEI | BRG, 8900,
	  { "Merino wool jumper", "Светр з вовни мериноса", "Svetr z merino vlny",
	    "Мерино жүнінен тоқылған свитер" } },
	{ "HD-OVS", DEMO_APPAREL, BLK | GRY | OLV, 5990,
	  { "Oversized hoodie", "Худі оверсайз", "Oversized mikina s kapucí",
	    "Оверсайз худи" } },
	{ "JK-RAIN", DEMO_APPAREL, BLK | NVY | OLV | SKY, 11900,
	  { "Waterproof rain jacket", "Непромокальна куртка-дощовик",
	    "Nepromokavá bunda", "Су өткізбейтін күртеше" } },
	{ "JK-DOWN", DEMO_APPAREL, BLK | NVY | BEI, 14900,
	  { "Lightweight down jacket", "Легкий пуховик", "Lehká péřová bunda",
	    "Жеңіл мамық күртеше" } },
	{ "JN-SLIM", DEMO_APPAREL, NVY | BLK, 6990,
	  { "Slim-fit jeans", "Джинси slim fit", "Džíny slim fit",
	    "Slim fit джинсы шалбар" } },
	{ "DR-LIN", DEMO_APPAREL, WHT | BEI | OLV | SKY, 7900,
	  { "Linen summer dress", "Лляна літня сукня", "Lněné letní šaty",
	    "Зығыр матадан тігілген жазғы көйлек" } },
	{ "SH-OXF", DEMO_APPAREL, WHT | SKY, 4990,
	  { "Oxford cotton shirt", "Бавовняна сорочка оксфорд", "Bavlněná košile Oxford",
	    "Оксфорд мақта жейде" } },
	{ "PJ-FLN", DEMO_APPAREL, GRY | BRG, 5490,
	  { "Flannel pyjama set", "Фланелева піжама", "Flanelové pyžamo",
	    "Фланель пижама" } },
	{ "SK-WOOL", DEMO_SOCKS, GRY | BEI, 1990,
	  { "Wool socks, 3 pairs", "Вовняні шкарпетки, 3 пари", "Vlněné ponožky, 3 páry",
	    "Жүн шұлық, 3 жұп" } },
	{ "SN-LTH", DEMO_SHOES, WHT | BLK, 10900,
	  { "Leather sneakers", "Шкіряні кеди", "Kožené tenisky", "Былғары кеды" } },
	{ "BT-CHL", DEMO_SHOES, BLK | BEI, 13900,
	  { "Chelsea boots", "Черевики челсі", "Kotníkové boty Chelsea", "Челси етігі" } },
	{ "RN-AIR", DEMO_SHOES, BLK | GRY | SKY, 9990,
	  { "Running shoes", "Бігові кросівки", "Běžecké boty",
	    "Жүгіруге арналған кроссовка" } },
	{ "SL-FLT", DEMO_SHOES, GRY | BEI, 2990,
	  { "Felt slippers", "Повстяні капці", "Plstěné papuče", "Киіз тәпішке" } },
	{ "HM-THR", DEMO_ONESIZE, GRY | BEI | OLV | BRG, 7900,
	  { "Wool throw blanket", "Вовняний плед", "Vlněná deka", "Жүн жамылғы" } },
	{ "HM-BED", DEMO_ONESIZE, WHT | GRY | BEI | SKY, 11900,
	  { "Linen bedding set, double", "Комплект постільної білизни з льону, двоспальний",
	    "Lněné povlečení, dvoulůžko", "Зығыр төсек жабдығы жиынтығы, екі кісілік" } },
	{ "HM-TWL", DEMO_ONESIZE, WHT | GRY | SKY, 3990,
	  { "Cotton bath towel set", "Набір бавовняних рушників", "Sada bavlněných ručníků",
	    "Мақта сүлгілер жиынтығы" } },
	{ "HM-MUG", DEMO_ONESIZE, WHT | GRY | SKY, 3490,
	  { "Stoneware mug set of 4", "Набір керамічних чашок, 4 шт.",
	    "Sada keramických hrnků, 4 ks", "Керамика саптыаяқ жиынтығы, 4 дана" } },
	{ "HM-CDL", DEMO_ONESIZE, 0, 1890,
	  { "Birch soy candle", "Соєва свічка «Береза»", "Sójová svíčka Bříza",
	    "«Қайың» соя балауыз шамы" } },
	{ "HM-CSH", DEMO_ONESIZE, BEI | OLV | BRG | GRY, 2290,
	  { "Linen cushion cover 45×45", "Лляна наволочка для декоративної подушки 45×45",
	    "Lněný povlak na polštář 45×45", "Зығыр жастық тысы 45×45" } },
	{ "HM-PLT", DEMO_ONESIZE, WHT | GRY, 4990,
	  { "Ceramic dinner plates, set of 6", "Набір керамічних тарілок, 6 шт.",
	    "Sada keramických talířů, 6 ks", "Керамика табақтар жиынтығы, 6 дана" } },
	{ "AC-SCF", DEMO_ONESIZE, GRY | BRG | BEI | NVY, 4900,
	  { "Cashmere-blend scarf", "Шарф із кашеміром", "Šála s kašmírem",
	    "Кашемир қосылған шарф" } },
	{ "AC-BNE", DEMO_ONESIZE, BLK | GRY | BRG | OLV, 2490,
	  { "Knitted beanie", "В’язана шапка", "Pletená čepice", "Тоқыма бөрік" } },
	{ "AC-TOT", DEMO_ONESIZE, BEI | BLK, 2990,
	  { "Canvas tote bag", "Сумка-шопер з канвасу", "Plátěná taška",
	    "Брезент шоппер сөмке" } },
};
const int demo_product_count = N_(demo_products);

/* ---------------------------------------------------------- addresses */

const char *const demo_addresses[DEMO_NCOUNTRIES][DEMO_NV] = {
	[DEMO_GB] = { "14 Willow Lane, Leeds LS6 2AB", "Flat 3, 27 Albert Road, Bristol BS2 0XH",
	              "8 Church Street, York YO1 8BE" },
	[DEMO_US] = { "412 Maple Avenue, Springfield, IL 62704",
	              "77 Harbor Street, Apt 5B, Portland, ME 04101",
	              "1530 Pine Street, Denver, CO 80203" },
	[DEMO_IE] = { "12 Clontarf Road, Dublin 3, D03 X2Y4", "5 Mill Street, Galway H91 E2F0" },
	[DEMO_UA] = { "вул. Січових Стрільців, 12, кв. 4, Львів, 79000",
	              "просп. Науки, 45, кв. 17, Харків, 61000",
	              "відділення Нової пошти № 23, Київ",
	              "вул. Грушевського, 8, Вінниця, 21000" },
	[DEMO_CZ] = { "Vinohradská 112, 130 00 Praha 3", "Kounicova 24, 602 00 Brno",
	              "Nádražní 15, 702 00 Ostrava", "Husova 7, 370 01 České Budějovice" },
	[DEMO_DE] = { "Bergmannstraße 21, 10961 Berlin", "Schillerstraße 4, 80336 München" },
	[DEMO_KZ] = { "Абай даңғылы, 45, 12-пәтер, Алматы, 050000",
	              "Сарыарқа даңғылы, 6, 34-пәтер, Астана, 010000",
	              "Тәуке хан даңғылы, 17, Шымкент, 160000" },
};

/* ------------------------------------------------------------ frames */

const struct demo_frame demo_frames[DEMO_NLOCALES] = {
	[DEMO_EN] = {
		.hello_in = { "Hello,", "Hi,", "Hi there," },
		.bye_in = { "Thanks,\n{fname}", "Kind regards,\n{name}", "Many thanks,\n{name}" },
		.hello_out = { "Hi {first},", "Hello {first},", "Dear {first}," },
		.bye_out = { "Best regards,\n{agent}\n{shop} customer care",
		             "Kind regards,\n{agent}, {shop}", "All the best,\n{agent}\n{shop} support" },
		.thanks = { "Thank you, that's great!", "Perfect, thanks a lot for your help.",
		            "Brilliant, thank you!", "Thanks for sorting this out so quickly." },
		.nudge = { "Any news on this, please?", "Hello? I'm still waiting for an answer.",
		           "Sorry to chase, but could someone get back to me?" },
		.months = { "January", "February", "March", "April", "May", "June", "July",
		            "August", "September", "October", "November", "December" },
		.svc_good = { "Quick and friendly help, thank you!", "Problem solved in one reply.",
		              "Very helpful and polite.", "Great service, as always." },
		.svc_mid = { "OK, but the delivery could be faster.", "Fine in the end." },
		.svc_bad = { "It took far too long to get an answer.",
		             "I had to explain the problem twice.",
		             "The answer didn't really solve my problem." },
		.prod_good = { "Lovely quality, fits true to size.", "Soft fabric and a nice colour.",
		               "Exactly as pictured, very happy." },
		.prod_bad = { "Runs small, I'd order a size up.",
		              "The colour is duller than on the photos.",
		              "Started pilling after a few washes." },
	},
	[DEMO_UK] = {
		.hello_in = { "Добрий день!", "Вітаю!", "Доброго дня." },
		.bye_in = { "Дякую,\n{fname}", "З повагою,\n{name}", "{fname}" },
		.hello_out = { "Вітаю, {first}!", "Добрий день, {first}!", "Доброго дня, {first}!" },
		.bye_out = { "З повагою,\n{agent}\nслужба підтримки {shop}",
		             "Гарного дня!\n{agent}, {shop}" },
		.thanks = { "Дякую, це чудово!", "Дуже дякую за допомогу!", "Супер, дякую!",
		            "Дякую, що так швидко все вирішили." },
		.nudge = { "Є якісь новини?", "Добрий день, я досі чекаю на відповідь.",
		           "Вибачте, що турбую, але чи може хтось мені відповісти?" },
		.months = { "січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
		            "серпня", "вересня", "жовтня", "листопада", "грудня" },
		.svc_good = { "Швидко й привітно, дякую!", "Проблему вирішили з першої відповіді.",
		              "Дуже ввічлива й корисна підтримка.", "Чудовий сервіс, як завжди." },
		.svc_mid = { "Нормально, але доставка могла б бути швидшою.", "Зрештою все добре." },
		.svc_bad = { "Відповіді довелося чекати надто довго.",
		             "Довелося пояснювати проблему двічі.",
		             "Відповідь насправді не вирішила мою проблему." },
		.prod_good = { "Чудова якість, розмір відповідає.", "М’яка тканина й гарний колір.",
		               "Точно як на фото, я {g:задоволений|задоволена}." },
		.prod_bad = { "Маломірить, раджу брати на розмір більше.",
		              "Колір тьмяніший, ніж на фото.",
		              "Після кількох прань з’явилися катишки." },
	},
	[DEMO_CS] = {
		.hello_in = { "Dobrý den,", "Zdravím,", "Dobrý den." },
		.bye_in = { "Děkuji,\n{name}", "S pozdravem\n{name}", "{fname}" },
		.hello_out = { "Dobrý den,", "Dobrý den,", "Zdravíme vás," },
		.bye_out = { "S pozdravem\n{agent}\nzákaznická péče {shop}",
		             "Hezký den přeje\n{agent}, {shop}" },
		.thanks = { "Děkuji, to je skvělé!", "Super, moc děkuji za pomoc.", "Výborně, děkuji!",
		            "Děkuji za rychlé vyřízení." },
		.nudge = { "Máte prosím nějaké novinky?", "Dobrý den, pořád čekám na odpověď.",
		           "Promiňte, že urguji, ale ozve se mi prosím někdo?" },
		.months = { "ledna", "února", "března", "dubna", "května", "června", "července",
		            "srpna", "září", "října", "listopadu", "prosince" },
		.svc_good = { "Rychlá a vstřícná pomoc, děkuji!", "Vyřešeno hned první odpovědí.",
		              "Velmi ochotní a milí.", "Skvělé služby jako vždy." },
		.svc_mid = { "V pořádku, ale doručení by mohlo být rychlejší.", "Nakonec vše dobré." },
		.svc_bad = { "Na odpověď jsem {g:čekal|čekala} příliš dlouho.",
		             "Problém jsem {g:musel|musela} vysvětlovat dvakrát.",
		             "Odpověď můj problém vlastně nevyřešila." },
		.prod_good = { "Krásná kvalita, velikost sedí.", "Příjemný materiál a hezká barva.",
		               "Přesně jako na fotce, jsem {g:spokojený|spokojená}." },
		.prod_bad = { "Je to menší, doporučuji o číslo větší.",
		              "Barva je matnější než na fotkách.",
		              "Po pár vypráních se začaly dělat žmolky." },
	},
	[DEMO_KK] = {
		.hello_in = { "Сәлеметсіз бе!", "Қайырлы күн!", "Сәлеметсіздер ме!" },
		.bye_in = { "Рахмет,\n{fname}", "Құрметпен,\n{name}", "{fname}" },
		.hello_out = { "Сәлеметсіз бе, {first}!", "Қайырлы күн, {first}!", "Құрметті {first}," },
		.bye_out = { "Құрметпен,\n{agent}\n{shop} қолдау қызметі",
		             "Жақсы күн тілейміз!\n{agent}, {shop}" },
		.thanks = { "Рахмет, керемет!", "Көмегіңізге көп рахмет!", "Тамаша, рахмет!",
		            "Мәселені тез шешкендеріңізге рахмет." },
		.nudge = { "Жаңалық бар ма?", "Сәлеметсіз бе, әлі жауап күтіп отырмын.",
		           "Мазалағаным үшін кешіріңіз, бірақ біреу жауап бере ала ма?" },
		.months = { "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде",
		            "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан" },
		.svc_good = { "Тез әрі ілтипатпен көмектесті, рахмет!",
		              "Мәселе бірінші жауаптан-ақ шешілді.",
		              "Өте сыпайы әрі пайдалы қолдау.", "Әдеттегідей керемет қызмет." },
		.svc_mid = { "Жақсы, бірақ жеткізу тезірек болуы мүмкін еді.",
		             "Ақырында бәрі жақсы болды." },
		.svc_bad = { "Жауапты тым ұзақ күттім.", "Мәселені екі рет түсіндіруге тура келді.",
		             "Жауап менің мәселемді шеше алмады." },
		.prod_good = { "Сапасы керемет, өлшемі дәл келді.", "Матасы жұмсақ, түсі әдемі.",
		               "Суреттегідей, өте ризамын." },
		.prod_bad = { "Өлшемі кішілеу, бір өлшем үлкенін алған жөн.",
		              "Түсі суреттегіден күңгірттеу.",
		              "Бірнеше рет жуғаннан кейін түйіршіктер пайда болды." },
	},
};

/* ------------------------------------------------------------ scripts */

const char *const demo_notes[DEMO_SC_COUNT][DEMO_NV] = {
	[DEMO_SC_WISMO] = { "Checked {carrier} tracking {tracking}: last scan at the local depot.",
	                    "Carrier enquiry opened for {tracking}; answer due in 2 working days." },
	[DEMO_SC_LATE] = { "Trace opened with {carrier} for {tracking}. Follow up in 48 h.",
	                   "Parcel is past its expected date ({eta}); goodwill points approved." },
	[DEMO_SC_ADDRESS] = { "Address change before dispatch: warehouse informed.",
	                      "Double-check the postcode before reprinting the label." },
	[DEMO_SC_SIZE] = { "Size {size2} in stock and reserved for the exchange.",
	                   "Sizing feedback for {sku}: several customers say it runs small." },
	[DEMO_SC_DAMAGED] = { "Looks like transit damage: claim filed with {carrier}.",
	                      "No return needed; write off the damaged unit ({sku})." },
	[DEMO_SC_RETURN] = { "Within the 30-day window; approving.",
	                     "Customer prefers a refund to store credit." },
	[DEMO_SC_REFUND] = { "Return {rma}: checking the warehouse intake log.",
	                     "Refund for {rma} goes out once the return is inspected." },
	[DEMO_SC_THANKS] = { "Positive feedback, shared with the warehouse team." },
	[DEMO_SC_CANCEL] = { "Stopped in the warehouse before picking.",
	                     "Cancelled in the shop admin; payment released." },
	[DEMO_SC_LOYALTY] = { "Points balance checked: no purchases missing.",
	                      "Explained the referral programme." },
};

const struct demo_script demo_scripts[DEMO_SC_COUNT][DEMO_NLOCALES] = {
	/* ------------------------------------------------ where is my order */
	[DEMO_SC_WISMO][DEMO_EN] = {
		.subject = { "Where is my order {order}?", "Order {order} – no delivery yet" },
		.open = {
			"I ordered the {item} last week (order {order}) and it still hasn't arrived. The tracking number {tracking} hasn't changed for days. Could you check what is going on?",
			"Could you tell me where my parcel is? Order {order}, {carrier} tracking {tracking}. The status just says it's in transit.",
			"Just checking on order {order}. I'd like to have it before the weekend – is it still on its way?",
		},
		.ask = {
			"Thanks for getting in touch. I've asked {carrier} to look into parcel {tracking}. Could you confirm that the delivery address on the order is still correct?",
			"Sorry for the wait. Before we open an enquiry with {carrier}, could you check whether a neighbour or your reception took the parcel in?",
		},
		.answer = {
			"Yes, the address is correct and nobody has taken anything in for me.",
			"I checked with the neighbours, nothing. The address is right.",
		},
		.resolve = {
			"Your order {order} is with {carrier} and on its way. You can follow it here: {url} (tracking number {tracking}). The carrier expects to deliver it on {eta}.",
			"Good news: {carrier} has scanned your parcel at their local depot, so it should reach you by {eta}. Tracking number: {tracking}.",
		},
	},
	[DEMO_SC_WISMO][DEMO_UK] = {
		.subject = { "Де моє замовлення {order}?", "Замовлення {order} досі не доставлене" },
		.open = {
			"Минулого тижня я {g:замовив|замовила} товар «{item}» (замовлення {order}), але посилка досі не прийшла. Трек-номер {tracking} уже кілька днів не оновлюється. Перевірте, будь ласка, що сталося.",
			"Підкажіть, будь ласка, де моя посилка? Замовлення {order}, {carrier}, трек-номер {tracking}. У статусі весь час «в дорозі».",
			"Хочу уточнити щодо замовлення {order}. Мені дуже хотілося б отримати його до вихідних — воно ще в дорозі?",
		},
		.ask = {
			"Дякуємо за звернення! Ми вже надіслали запит службі доставки {carrier} щодо посилки {tracking}. Підтвердіть, будь ласка, чи адреса доставки в замовленні досі актуальна?",
			"Перепрошуємо за очікування. Перш ніж відкривати розшук, перевірте, будь ласка, чи не чекає посилка у відділенні або в сусідів?",
		},
		.answer = {
			"Так, адреса правильна, і ніхто нічого для мене не отримував.",
			"{g:Перевірив|Перевірила} — ні у відділенні, ні в сусідів посилки немає. Адреса правильна.",
		},
		.resolve = {
			"Ваше замовлення {order} уже в дорозі, його везе {carrier}. Відстежити посилку можна тут: {url} (трек-номер {tracking}). Очікувана дата доставки — {eta}.",
			"Гарні новини: посилку відскановано на місцевому складі перевізника {carrier}, тож вона має надійти до {eta}. Трек-номер: {tracking}.",
		},
	},
	[DEMO_SC_WISMO][DEMO_CS] = {
		.subject = { "Kde je moje objednávka {order}?", "Objednávka {order} stále nedorazila" },
		.open = {
			"Minulý týden jsem si {g:objednal|objednala} zboží „{item}“ (objednávka {order}), ale zásilka pořád nedorazila. Sledovací číslo {tracking} se už několik dní nezměnilo. Můžete prosím zjistit, co se děje?",
			"Můžete mi prosím říct, kde je můj balík? Objednávka {order}, dopravce {carrier}, číslo zásilky {tracking}. Ve sledování je pořád jen „na cestě“.",
			"{g:Chtěl|Chtěla} bych se zeptat na objednávku {order}. Potřebuji ji do víkendu – je ještě na cestě?",
		},
		.ask = {
			"Děkujeme za zprávu. Požádali jsme dopravce {carrier} o prověření zásilky {tracking}. Můžete nám prosím potvrdit, že je adresa doručení v objednávce správná?",
			"Omlouváme se za čekání. Než u dopravce otevřeme reklamaci, podívejte se prosím, jestli balík nepřevzal soused nebo recepce.",
		},
		.answer = {
			"Ano, adresa je správná a nikdo za mě nic nepřevzal.",
			"{g:Ptal|Ptala} jsem se sousedů, nic. Adresa je v pořádku.",
		},
		.resolve = {
			"Vaše objednávka {order} je u dopravce {carrier} a je na cestě. Sledovat ji můžete zde: {url} (číslo zásilky {tracking}). Doručení dopravce očekává {eta}.",
			"Dobrá zpráva: dopravce {carrier} zásilku naskenoval ve vašem depu, takže by u vás měla být nejpozději {eta}. Číslo zásilky: {tracking}.",
		},
	},
	[DEMO_SC_WISMO][DEMO_KK] = {
		.subject = { "{order} тапсырысым қайда?", "{order} тапсырысы әлі жеткізілмеді" },
		.open = {
			"Өткен аптада «{item}» тауарына тапсырыс бердім ({order} тапсырысы), бірақ сәлемдеме әлі келген жоқ. {tracking} трек-нөмірі бірнеше күннен бері өзгермей тұр. Не болғанын тексеріп бере аласыз ба?",
			"Сәлемдемем қайда екенін айтып жібересіз бе? Тапсырыс {order}, тасымалдаушы {carrier}, трек-нөмір {tracking}. Мәртебесі үнемі «жолда» деп тұр.",
			"{order} тапсырысым туралы сұрағым бар еді. Демалыс күндеріне дейін алғым келеді — ол әлі жолда ма?",
		},
		.ask = {
			"Хабарласқаныңызға рахмет. Біз {carrier} тасымалдаушысына {tracking} сәлемдемесі бойынша сұрау жібердік. Тапсырыстағы жеткізу мекенжайы дұрыс екенін растай аласыз ба?",
			"Күттіргеніміз үшін кешіріңіз. Іздеу салмас бұрын, сәлемдемені көршілеріңіз немесе ресепшн қабылдап алмағанын тексеріп көріңізші.",
		},
		.answer = {
			"Иә, мекенжай дұрыс, мен үшін ешкім ештеңе қабылдаған жоқ.",
			"Көршілерден сұрадым, ешкім алмапты. Мекенжай дұрыс.",
		},
		.resolve = {
			"Сіздің {order} тапсырысыңыз {carrier} тасымалдаушысында, жолда келе жатыр. Оны мына сілтеме арқылы бақылай аласыз: {url} (трек-нөмір {tracking}). Күтілетін жеткізу күні — {eta}.",
			"Жақсы жаңалық: сәлемдеме {carrier} жергілікті қоймасында тіркелді, сондықтан {eta} күніне дейін жетуі керек. Трек-нөмір: {tracking}.",
		},
	},

	/* ------------------------------------------------------ late parcel */
	[DEMO_SC_LATE][DEMO_EN] = {
		.subject = { "Order {order} is late", "Still waiting for {order} – it was due on {eta}" },
		.open = {
			"My order {order} was supposed to arrive on {eta} and it's still not here. The {carrier} tracking ({tracking}) hasn't moved. It was a birthday present, so I'm quite disappointed.",
			"It's been well over a week past the delivery date for order {order}. What's happening with it?",
			"I'm writing again about order {order}, which is now very late. Can you either find the parcel or send it again?",
		},
		.ask = {
			"I'm really sorry about this. We've opened a trace with {carrier} for {tracking}; they usually answer within two working days. Could you confirm your phone number so the courier can reach you?",
			"Apologies for the delay. {carrier} is investigating the parcel. If it doesn't move within 48 hours we'll send your order again – is the delivery address still correct?",
		},
		.answer = {
			"Yes, everything is the same. Please keep me posted.",
			"The address is still correct. I'll wait for your update.",
		},
		.resolve = {
			"{carrier} found the parcel – it had been held at a sorting centre and is now out for delivery. As an apology for the wait we've added {bonus} bonus points to your account.",
			"I'm sorry for the wait. {carrier} confirmed that the parcel was delayed at their hub and is moving again; they now expect to deliver within 2–3 days. We've added {bonus} bonus points to your account as an apology.",
		},
	},
	[DEMO_SC_LATE][DEMO_UK] = {
		.subject = { "Замовлення {order} затримується", "Досі чекаю на {order}, доставка мала бути {eta}" },
		.open = {
			"Замовлення {order} мало прийти {eta}, але його досі немає. Трек-номер {tracking} ({carrier}) не оновлюється. Це був подарунок на день народження, тож я дуже {g:засмучений|засмучена}.",
			"Минуло вже більше тижня від дати доставки замовлення {order}. Що з ним відбувається?",
			"Знову пишу щодо замовлення {order} — воно дуже затримується. Можете знайти посилку або надіслати ще раз?",
		},
		.ask = {
			"Щиро перепрошуємо. Ми відкрили розшук посилки {tracking} у службі доставки {carrier}; зазвичай відповідь надходить протягом двох робочих днів. Підтвердіть, будь ласка, ваш номер телефону, щоб кур’єр міг з вами зв’язатися.",
			"Вибачте за затримку. Перевізник {carrier} уже перевіряє посилку. Якщо протягом 48 годин вона не зрушить з місця, ми надішлемо замовлення повторно. Адреса доставки не змінилася?",
		},
		.answer = {
			"Так, усе без змін. Тримайте мене в курсі, будь ласка.",
			"Адреса та сама. Чекаю на вашу відповідь.",
		},
		.resolve = {
			"Перевізник {carrier} знайшов посилку: вона затрималася в сортувальному центрі й тепер уже передана кур’єру. На знак вибачення ми нарахували вам {bonus} бонусних балів.",
			"Перепрошуємо за очікування. Перевізник {carrier} підтвердив, що посилка затрималася на складі, і тепер вона знову в дорозі; доставка очікується протягом 2–3 днів. Ми нарахували вам {bonus} бонусних балів на знак вибачення.",
		},
	},
	[DEMO_SC_LATE][DEMO_CS] = {
		.subject = { "Objednávka {order} má zpoždění", "Pořád čekám na {order}, měla dorazit {eta}" },
		.open = {
			"Objednávka {order} měla dorazit {eta} a pořád tu není. Sledování u dopravce {carrier} ({tracking}) se nehýbe. Byl to dárek k narozeninám, takže jsem dost {g:zklamaný|zklamaná}.",
			"Od termínu doručení objednávky {order} uběhl už víc než týden. Co se s ní děje?",
			"Znovu vám píšu kvůli objednávce {order}, má už velké zpoždění. Můžete balík dohledat, nebo ho poslat znovu?",
		},
		.ask = {
			"Moc se omlouváme. U dopravce {carrier} jsme otevřeli reklamaci zásilky {tracking}, odpověď obvykle přijde do dvou pracovních dnů. Můžete nám prosím potvrdit telefonní číslo, aby vás kurýr mohl kontaktovat?",
			"Omlouváme se za zpoždění. Dopravce {carrier} zásilku prověřuje. Pokud se do 48 hodin nepohne, pošleme vám objednávku znovu. Je adresa doručení pořád stejná?",
		},
		.answer = {
			"Ano, vše platí. Dejte mi prosím vědět.",
			"Adresa je stejná. Budu čekat na vaši zprávu.",
		},
		.resolve = {
			"Dopravce {carrier} zásilku našel: zdržela se v třídicím centru a teď už ji má kurýr. Jako omluvu za čekání jsme vám připsali {bonus} bonusových bodů.",
			"Omlouváme se za čekání. Dopravce {carrier} potvrdil, že se zásilka zdržela v depu a už je znovu na cestě; doručení očekává během 2–3 dnů. Na účet jsme vám připsali {bonus} bonusových bodů jako omluvu.",
		},
	},
	[DEMO_SC_LATE][DEMO_KK] = {
		.subject = { "{order} тапсырысы кешігіп жатыр", "{order} тапсырысын әлі күтіп жүрмін, {eta} күні келуі керек еді" },
		.open = {
			"{order} тапсырысым {eta} күні келуі керек еді, бірақ әлі жоқ. {carrier} трек-нөмірі ({tracking}) жаңармай тұр. Бұл туған күнге арналған сыйлық еді, сондықтан қатты ренжіп отырмын.",
			"{order} тапсырысының жеткізу мерзімінен бері бір аптадан астам уақыт өтті. Онымен не болып жатыр?",
			"{order} тапсырысы бойынша тағы жазып отырмын — ол қатты кешікті. Сәлемдемені тауып бересіз бе, әлде қайта жібересіз бе?",
		},
		.ask = {
			"Шын жүректен кешірім сұраймыз. {carrier} тасымалдаушысында {tracking} сәлемдемесін іздеу салдық, әдетте жауап екі жұмыс күні ішінде келеді. Курьер сізбен хабарласа алуы үшін телефон нөміріңізді растай аласыз ба?",
			"Кешіккені үшін кешіріңіз. {carrier} тасымалдаушысы сәлемдемені тексеріп жатыр. Егер 48 сағат ішінде қозғалмаса, тапсырысты қайта жібереміз. Жеткізу мекенжайы өзгерген жоқ па?",
		},
		.answer = {
			"Иә, бәрі бұрынғыдай. Хабарлап тұрыңызшы.",
			"Мекенжай сол күйі. Жауабыңызды күтемін.",
		},
		.resolve = {
			"{carrier} сәлемдемені тапты: ол сұрыптау орталығында ұсталып қалған екен, қазір курьерге берілді. Күттіргеніміз үшін шотыңызға {bonus} бонус ұпай қостық.",
			"Күттіргеніміз үшін кешіріңіз. {carrier} сәлемдеменің қоймада кідіргенін растады, қазір ол қайтадан жолда; 2–3 күн ішінде жетеді деп күтілуде. Кешірім ретінде шотыңызға {bonus} бонус ұпай қостық.",
		},
	},

	/* -------------------------------------------------- address change */
	[DEMO_SC_ADDRESS][DEMO_EN] = {
		.subject = { "Change of delivery address for {order}", "Wrong address on order {order}" },
		.open = {
			"I've just placed order {order} and realised I used my old address. Could you please send it to {addr} instead?",
			"Is it still possible to change the shipping address for {order}? I won't be at home next week – please deliver to {addr}.",
			"Sorry, I made a typo in the address for order {order}. The correct one is {addr}.",
		},
		.ask = {
			"No problem, the order hasn't shipped yet. Just to be sure, could you confirm the full new address including the postcode, and a phone number for the courier?",
			"We can still change it. Is {addr} the complete address, or is there a flat number or company name to add?",
		},
		.answer = {
			"Yes, that's right: {addr}. My phone is {phone}.",
			"That's the full address, thank you. Phone for the courier: {phone}.",
		},
		.resolve = {
			"Done – order {order} will now go to {addr}. It will ship with {carrier} and you'll receive the tracking number by email.",
			"I've updated the delivery address for {order} to {addr}. The warehouse has the change and the parcel will leave with {carrier} shortly.",
		},
	},
	[DEMO_SC_ADDRESS][DEMO_UK] = {
		.subject = { "Зміна адреси доставки для {order}", "Неправильна адреса в замовленні {order}" },
		.open = {
			"Я щойно {g:оформив|оформила} замовлення {order} і {g:помітив|помітила}, що в ньому стара адреса. Надішліть його, будь ласка, на {addr}.",
			"Чи можна ще змінити адресу доставки для {order}? Наступного тижня мене не буде вдома — доставте, будь ласка, на {addr}.",
			"Вибачте, я {g:помилився|помилилася} в адресі для замовлення {order}. Правильна адреса: {addr}.",
		},
		.ask = {
			"Без проблем, замовлення ще не відправлене. Для певності підтвердіть, будь ласка, повну нову адресу з індексом і номер телефону для кур’єра.",
			"Ми ще можемо це змінити. {addr} — це повна адреса, чи потрібно додати номер квартири або назву компанії?",
		},
		.answer = {
			"Так, усе правильно: {addr}. Мій телефон: {phone}.",
			"Це повна адреса, дякую. Телефон для кур’єра: {phone}.",
		},
		.resolve = {
			"Готово — замовлення {order} тепер поїде на адресу {addr}. Його доставить {carrier}, а трек-номер ви отримаєте електронною поштою.",
			"Адресу доставки для {order} змінено на {addr}. Склад уже отримав зміни, і посилка незабаром вирушить із перевізником {carrier}.",
		},
	},
	[DEMO_SC_ADDRESS][DEMO_CS] = {
		.subject = { "Změna doručovací adresy u {order}", "Špatná adresa v objednávce {order}" },
		.open = {
			"Právě jsem {g:odeslal|odeslala} objednávku {order} a {g:všiml|všimla} jsem si, že je v ní stará adresa. Můžete ji prosím poslat na {addr}?",
			"Dá se ještě změnit doručovací adresa u objednávky {order}? Příští týden nebudu doma, doručte ji prosím na {addr}.",
			"Omlouvám se, v adrese u objednávky {order} jsem {g:udělal|udělala} překlep. Správně je {addr}.",
		},
		.ask = {
			"Žádný problém, objednávka ještě neodešla. Pro jistotu nám prosím potvrďte celou novou adresu včetně PSČ a telefon pro kurýra.",
			"Adresu ještě změnit můžeme. Je {addr} celá adresa, nebo máme doplnit číslo bytu či název firmy?",
		},
		.answer = {
			"Ano, je to tak: {addr}. Telefon: {phone}.",
			"To je celá adresa, děkuji. Telefon pro kurýra: {phone}.",
		},
		.resolve = {
			"Hotovo, objednávka {order} teď půjde na adresu {addr}. Odešleme ji přes dopravce {carrier} a číslo zásilky vám přijde e-mailem.",
			"Doručovací adresu u objednávky {order} jsme změnili na {addr}. Sklad už změnu má a balík brzy odejde s dopravcem {carrier}.",
		},
	},
	[DEMO_SC_ADDRESS][DEMO_KK] = {
		.subject = { "{order} тапсырысының жеткізу мекенжайын өзгерту", "{order} тапсырысындағы мекенжай қате" },
		.open = {
			"Жаңа ғана {order} тапсырысын рәсімдедім, бірақ ескі мекенжайды көрсетіп қойыппын. Тапсырысты {addr} мекенжайына жібере аласыз ба?",
			"{order} тапсырысының жеткізу мекенжайын әлі өзгертуге бола ма? Келесі аптада үйде болмаймын, {addr} мекенжайына жеткізіп беріңізші.",
			"Кешіріңіз, {order} тапсырысының мекенжайында қате жіберіп алдым. Дұрысы: {addr}.",
		},
		.ask = {
			"Еш мәселе жоқ, тапсырыс әлі жіберілген жоқ. Нақтылау үшін жаңа мекенжайды пошта индексімен бірге толық жазып, курьерге арналған телефон нөміріңізді көрсетіңізші.",
			"Мекенжайды әлі өзгерте аламыз. {addr} — толық мекенжай ма, әлде пәтер нөмірін немесе компания атауын қосу керек пе?",
		},
		.answer = {
			"Иә, дұрыс: {addr}. Телефоным: {phone}.",
			"Бұл толық мекенжай, рахмет. Курьерге арналған телефон: {phone}.",
		},
		.resolve = {
			"Дайын — {order} тапсырысы енді {addr} мекенжайына жіберіледі. Оны {carrier} жеткізеді, трек-нөмірді электрондық пошта арқылы аласыз.",
			"{order} тапсырысының жеткізу мекенжайы {addr} болып өзгертілді. Қойма өзгерісті алды, сәлемдеме жақында {carrier} арқылы жөнелтіледі.",
		},
	},

	/* ------------------------------------------------- wrong size: exchange */
	[DEMO_SC_SIZE][DEMO_EN] = {
		.subject = { "Exchange for a different size ({order})", "Wrong size – order {order}" },
		.open = {
			"The {item} from order {order} doesn't fit me in size {size}. Could I exchange it for a {size2}?",
			"I love the {item}, but size {size} is not right for me. Is it possible to swap it for {size2}? Order {order}.",
			"Can I exchange the {item} (order {order}) for size {size2}? The {size} I ordered doesn't fit.",
		},
		.ask = {
			"Of course! Exchanges are free within 30 days. Could you confirm that the item is unworn and still has its tags?",
			"Happy to help with that. Size {size2} is in stock. Is the item unworn, with the labels still attached?",
		},
		.answer = {
			"Yes, I only tried it on, the tags are still on.",
			"Yes, it's unworn with all the labels.",
		},
		.resolve = {
			"I've set up the exchange under return number {rma}. You'll receive a prepaid return label by email; as soon as the parcel is scanned we'll send the {item} in size {size2}.",
			"All arranged: exchange {rma} is open and we've reserved the {item} in size {size2} for you. Please pack the item with the return slip and drop it off using the label we've just emailed.",
		},
	},
	[DEMO_SC_SIZE][DEMO_UK] = {
		.subject = { "Обмін на інший розмір ({order})", "Не підійшов розмір — замовлення {order}" },
		.open = {
			"Розмір {size} товару «{item}» із замовлення {order} мені не підходить. Чи можна обміняти на {size2}?",
			"Мені дуже подобається «{item}», але розмір {size} не мій. Чи можна поміняти на {size2}? Замовлення {order}.",
			"Чи можна обміняти товар «{item}» (замовлення {order}) на розмір {size2}? Розмір {size}, який я {g:замовив|замовила}, не підходить.",
		},
		.ask = {
			"Звісно! Обмін безкоштовний протягом 30 днів. Підтвердіть, будь ласка, що річ не була у вжитку й бирки на місці.",
			"Залюбки допоможемо. Розмір {size2} є в наявності. Річ не носили, етикетки збережені?",
		},
		.answer = {
			"Так, я лише {g:приміряв|приміряла}, бирки на місці.",
			"Так, я її не {g:носив|носила}, усі етикетки на місці.",
		},
		.resolve = {
			"Обмін оформлено під номером повернення {rma}. Передплачену етикетку для відправлення ви отримаєте електронною поштою; щойно посилку відсканують, ми надішлемо «{item}» у розмірі {size2}.",
			"Усе готово: обмін {rma} відкрито, а «{item}» у розмірі {size2} ми для вас зарезервували. Запакуйте, будь ласка, річ разом із бланком повернення й відправте за етикеткою, яку ми щойно надіслали.",
		},
	},
	[DEMO_SC_SIZE][DEMO_CS] = {
		.subject = { "Výměna velikosti ({order})", "Nesedí velikost – objednávka {order}" },
		.open = {
			"Zboží „{item}“ z objednávky {order} mi ve velikosti {size} nesedí. Dá se vyměnit za velikost {size2}?",
			"„{item}“ se mi moc líbí, ale velikost {size} mi nesedí. Šlo by to vyměnit za {size2}? Objednávka {order}.",
			"Můžu vyměnit „{item}“ (objednávka {order}) za velikost {size2}? Velikost {size}, kterou jsem {g:objednal|objednala}, mi nepadne.",
		},
		.ask = {
			"Samozřejmě! Výměna je do 30 dnů zdarma. Potvrďte nám prosím, že zboží nebylo nošené a má ještě visačky.",
			"Rádi pomůžeme. Velikost {size2} máme skladem. Je zboží nenošené a s visačkami?",
		},
		.answer = {
			"Ano, jen jsem si to {g:zkusil|zkusila}, visačky jsou na místě.",
			"Ano, nenošené, se všemi visačkami.",
		},
		.resolve = {
			"Výměnu jsme založili pod číslem vratky {rma}. E-mailem vám přijde předplacený štítek na zpětnou zásilku; jakmile ji dopravce naskenuje, pošleme vám „{item}“ ve velikosti {size2}.",
			"Vše je připraveno: výměna {rma} je založená a „{item}“ ve velikosti {size2} máme pro vás rezervované. Zboží prosím zabalte i s vratkovým listem a odešlete se štítkem, který jsme vám právě poslali e-mailem.",
		},
	},
	[DEMO_SC_SIZE][DEMO_KK] = {
		.subject = { "Өлшемін ауыстыру ({order})", "Өлшемі келмеді — {order} тапсырысы" },
		.open = {
			"{order} тапсырысындағы «{item}» тауарының {size} өлшемі маған келмеді. Оны {size2} өлшеміне ауыстыруға бола ма?",
			"«{item}» маған қатты ұнады, бірақ {size} өлшемі сай келмеді. {size2} өлшеміне ауыстырып беруге бола ма? Тапсырыс {order}.",
			"{order} тапсырысындағы «{item}» тауарын {size2} өлшеміне ауыстыра аламын ба? Мен тапсырыс берген {size} өлшемі келмей қалды.",
		},
		.ask = {
			"Әрине! 30 күн ішінде айырбастау тегін. Тауар киілмегенін және жапсырмалары орнында екенін растай аласыз ба?",
			"Көмектесуге қуаныштымыз. {size2} өлшемі қоймада бар. Тауар киілмеген бе, жапсырмалары сақталған ба?",
		},
		.answer = {
			"Иә, тек киіп көрдім, жапсырмалары орнында.",
			"Иә, киілмеген, барлық жапсырмалары бар.",
		},
		.resolve = {
			"Айырбастау {rma} қайтару нөмірімен рәсімделді. Қайтаруға арналған алдын ала төленген жапсырманы электрондық поштаңызға жібереміз; сәлемдеме тіркелген бойда сізге «{item}» тауарын {size2} өлшемінде жібереміз.",
			"Бәрі дайын: {rma} айырбасы ашылды, «{item}» тауарының {size2} өлшемін сізге брондап қойдық. Тауарды қайтару парағымен бірге орап, жаңа ғана жіберген жапсырмамен жөнелтіңізші.",
		},
	},

	/* --------------------------------------------------------- damaged */
	[DEMO_SC_DAMAGED][DEMO_EN] = {
		.subject = { "Damaged item in order {order}", "{item} arrived damaged" },
		.open = {
			"The {item} from order {order} arrived damaged – the box was crushed and the item inside is ruined. What can we do?",
			"Unfortunately the {item} I received is faulty: it was already damaged when I unpacked it. Order {order}.",
			"I'm disappointed: the {item} (order {order}) arrived damaged. I'd like a replacement or a refund.",
		},
		.ask = {
			"I'm so sorry to hear that. Could you send us a photo or two of the damage and of the box? That's all we need to sort it out.",
			"Apologies, that shouldn't happen. Please reply with a photo of the item and of the shipping label so we can file a claim with the carrier.",
		},
		.answer = {
			"Photos attached – you can see the damage clearly.",
			"Here are the photos of the item and of the label.",
		},
		.resolve = {
			"Thank you, and sorry again. There's no need to send the item back: we've refunded {amount} to your original payment method and added {bonus} bonus points to your account.",
			"We've issued a refund of {amount} (return {rma}) – you'll see it within 3–5 working days. Please keep or recycle the damaged item. We've also added {bonus} bonus points as an apology.",
		},
		.alt = {
			"Thank you, and sorry again. We're sending you a replacement {item} free of charge today (case {rma}); no need to return the damaged one. We've also added {bonus} bonus points to your account.",
			"A new {item} is on its way to you as a replacement – you'll get the tracking number by email. Reference: {rma}. As an apology we've added {bonus} bonus points to your account.",
		},
	},
	[DEMO_SC_DAMAGED][DEMO_UK] = {
		.subject = { "Пошкоджений товар у замовленні {order}", "Товар «{item}» надійшов пошкодженим" },
		.open = {
			"Товар «{item}» із замовлення {order} надійшов пошкодженим: коробка зім’ята, а сама річ зіпсована. Що можна зробити?",
			"На жаль, отриманий товар «{item}» має дефект — він був пошкоджений уже під час розпакування. Замовлення {order}.",
			"Я {g:розчарований|розчарована}: товар «{item}» (замовлення {order}) прийшов пошкодженим. Прошу заміну або повернення коштів.",
		},
		.ask = {
			"Дуже прикро це чути. Надішліть, будь ласка, одне-два фото пошкодження та коробки — цього буде достатньо, щоб усе владнати.",
			"Перепрошуємо, такого не мало статися. Надішліть, будь ласка, фото товару та транспортної етикетки, щоб ми могли подати претензію перевізнику.",
		},
		.answer = {
			"Фото додаю — пошкодження добре видно.",
			"Ось фото товару та етикетки.",
		},
		.resolve = {
			"Дякуємо і ще раз перепрошуємо. Товар повертати не потрібно: ми повернули {amount} на вашу картку й нарахували вам {bonus} бонусних балів.",
			"Ми оформили повернення коштів у розмірі {amount} (повернення {rma}) — гроші надійдуть протягом 3–5 робочих днів. Пошкоджений товар можете залишити собі або утилізувати. Також ми нарахували вам {bonus} бонусних балів на знак вибачення.",
		},
		.alt = {
			"Дякуємо і ще раз перепрошуємо. Сьогодні ж безкоштовно надішлемо вам заміну — «{item}» (звернення {rma}); пошкоджений товар повертати не потрібно. Також ми нарахували вам {bonus} бонусних балів.",
			"Новий товар «{item}» уже готується до відправлення — трек-номер надійде електронною поштою. Номер звернення: {rma}. На знак вибачення ми нарахували вам {bonus} бонусних балів.",
		},
	},
	[DEMO_SC_DAMAGED][DEMO_CS] = {
		.subject = { "Poškozené zboží v objednávce {order}", "Zboží „{item}“ dorazilo poškozené" },
		.open = {
			"Zboží „{item}“ z objednávky {order} dorazilo poškozené – krabice byla zmačkaná a věc uvnitř je zničená. Jak to můžeme vyřešit?",
			"Bohužel zboží „{item}“, které mi přišlo, je vadné – bylo poškozené už při rozbalení. Objednávka {order}.",
			"Jsem {g:zklamaný|zklamaná}: zboží „{item}“ (objednávka {order}) dorazilo poškozené. Prosím o výměnu, nebo vrácení peněz.",
		},
		.ask = {
			"To nás moc mrzí. Pošlete nám prosím jednu nebo dvě fotky poškození a krabice, víc nepotřebujeme.",
			"Omlouváme se, to se nemělo stát. Pošlete nám prosím fotku zboží a přepravního štítku, abychom mohli u dopravce uplatnit reklamaci.",
		},
		.answer = {
			"Fotky posílám v příloze, poškození je na nich dobře vidět.",
			"Tady jsou fotky zboží i štítku.",
		},
		.resolve = {
			"Děkujeme a ještě jednou se omlouváme. Zboží nemusíte posílat zpět: částku {amount} jsme vrátili na vaši platební kartu a připsali vám {bonus} bonusových bodů.",
			"Vrácení peněz ve výši {amount} jsme zadali (vratka {rma}), na účtu je uvidíte do 3–5 pracovních dnů. Poškozené zboží si můžete nechat nebo vyhodit. Jako omluvu jsme vám připsali {bonus} bonusových bodů.",
		},
		.alt = {
			"Děkujeme a ještě jednou se omlouváme. Ještě dnes vám zdarma pošleme nové zboží „{item}“ (případ {rma}); poškozené nemusíte vracet. Připsali jsme vám také {bonus} bonusových bodů.",
			"Náhradní „{item}“ už je na cestě, číslo zásilky vám přijde e-mailem. Číslo případu: {rma}. Jako omluvu jsme vám připsali {bonus} bonusových bodů.",
		},
	},
	[DEMO_SC_DAMAGED][DEMO_KK] = {
		.subject = { "{order} тапсырысындағы тауар зақымдалған", "«{item}» зақымдалып келді" },
		.open = {
			"{order} тапсырысындағы «{item}» зақымдалған күйде келді: қорап мыжылған, ішіндегі зат бүлінген. Не істеуге болады?",
			"Өкінішке қарай, алған «{item}» тауарымның ақауы бар — қаптамасын ашқанда-ақ бүлінген екен. Тапсырыс {order}.",
			"Көңілім қалды: «{item}» ({order} тапсырысы) зақымдалып келді. Ауыстырып беруіңізді немесе ақшаны қайтаруыңызды сұраймын.",
		},
		.ask = {
			"Мұны естігенімізге қатты өкінеміз. Зақымның және қораптың бір-екі суретін жіберіңізші — мәселені шешуге осы жеткілікті.",
			"Кешіріңіз, бұлай болмауы керек еді. Тасымалдаушыға шағым беру үшін тауардың және жөнелту жапсырмасының суретін жіберіңізші.",
		},
		.answer = {
			"Суреттерді тіркедім — зақым анық көрінеді.",
			"Міне, тауар мен жапсырманың суреттері.",
		},
		.resolve = {
			"Рахмет және тағы да кешірім сұраймыз. Тауарды қайтарудың қажеті жоқ: {amount} сомасын картаңызға қайтардық және шотыңызға {bonus} бонус ұпай қостық.",
			"{amount} сомасын қайтаруды рәсімдедік ({rma} қайтаруы) — ақша 3–5 жұмыс күні ішінде түседі. Зақымдалған тауарды өзіңізде қалдыруға болады. Кешірім ретінде {bonus} бонус ұпай да қостық.",
		},
		.alt = {
			"Рахмет және тағы да кешірім сұраймыз. Бүгін сізге «{item}» тауарын тегін ауыстырып жібереміз ({rma} өтінімі); зақымдалған тауарды қайтарудың қажеті жоқ. Сондай-ақ шотыңызға {bonus} бонус ұпай қостық.",
			"Жаңа «{item}» ауыстыру ретінде сізге жөнелтілді — трек-нөмірді электрондық пошта арқылы аласыз. Өтінім нөмірі: {rma}. Кешірім ретінде шотыңызға {bonus} бонус ұпай қостық.",
		},
	},

	/* ---------------------------------------------------------- return */
	[DEMO_SC_RETURN][DEMO_EN] = {
		.subject = { "Return request – order {order}", "I'd like to return the {item}" },
		.open = {
			"I'd like to return the {item} from order {order}. It's lovely, but it isn't quite what I expected. How do I send it back?",
			"Could you help me return part of order {order}? The {item} doesn't suit me.",
			"I want to send back the {item} ({order}) for a refund. It is unused.",
		},
		.ask = {
			"Of course. So that we can improve, could you tell us briefly why the item isn't right for you?",
			"Sure, you're within the 30-day return window. Is the item unused and in its original packaging?",
		},
		.answer = {
			"The colour looks quite different from the photos on the website.",
			"Yes, unused and in the original packaging.",
		},
		.resolve = {
			"Your return is approved: the return number is {rma}. We've emailed you a return label; once the parcel reaches our warehouse we'll refund {amount} within 3 working days.",
			"All set – return {rma} is open. Please pack the {item} with the return slip and drop it off with the label from our email. We'll refund {amount} as soon as it's back with us.",
		},
		.alt = {
			"Your return {rma} is approved. As you asked, we'll add {amount} to your account as store credit once the item reaches us – you can use it on any future order.",
			"Return {rma} is open. When the {item} is back with us you'll get {amount} in store credit, which never expires.",
		},
	},
	[DEMO_SC_RETURN][DEMO_UK] = {
		.subject = { "Повернення товару — замовлення {order}", "Хочу повернути товар «{item}»" },
		.open = {
			"Я хочу повернути товар «{item}» із замовлення {order}. Він гарний, але не зовсім такий, як я {g:очікував|очікувала}. Як його відправити назад?",
			"Допоможіть, будь ласка, повернути частину замовлення {order}: товар «{item}» мені не підійшов.",
			"Хочу повернути товар «{item}» ({order}) і отримати гроші назад. Він новий, не використовувався.",
		},
		.ask = {
			"Звісно. Щоб ми могли стати кращими, підкажіть коротко, чому річ вам не підійшла?",
			"Звісно, ви ще в межах 30 днів на повернення. Товар не використовувався, оригінальне пакування збережене?",
		},
		.answer = {
			"Колір на фото на сайті зовсім інший, ніж насправді.",
			"Так, не використовувався, пакування оригінальне.",
		},
		.resolve = {
			"Повернення погоджено, номер повернення — {rma}. Ми надіслали вам етикетку для відправлення; щойно посилка надійде на наш склад, ми повернемо {amount} протягом 3 робочих днів.",
			"Усе готово — повернення {rma} відкрито. Запакуйте, будь ласка, «{item}» разом із бланком повернення й відправте за етикеткою з нашого листа. Ми повернемо {amount}, щойно товар надійде до нас.",
		},
		.alt = {
			"Повернення {rma} погоджено. Як ви й просили, щойно товар надійде до нас, ми зарахуємо {amount} на ваш рахунок у магазині — їх можна використати для будь-якого наступного замовлення.",
			"Повернення {rma} відкрито. Коли «{item}» повернеться до нас, ви отримаєте {amount} на рахунок у магазині без терміну дії.",
		},
	},
	[DEMO_SC_RETURN][DEMO_CS] = {
		.subject = { "Vrácení zboží – objednávka {order}", "Chci vrátit „{item}“" },
		.open = {
			"{g:Chtěl|Chtěla} bych vrátit zboží „{item}“ z objednávky {order}. Je hezké, ale není úplně podle mých představ. Jak ho mám poslat zpět?",
			"Můžete mi prosím pomoct vrátit část objednávky {order}? Zboží „{item}“ mi nevyhovuje.",
			"{g:Chtěl|Chtěla} bych vrátit „{item}“ ({order}) a dostat zpět peníze. Je nepoužité.",
		},
		.ask = {
			"Samozřejmě. Abychom se mohli zlepšovat, můžete nám krátce napsat, proč vám zboží nevyhovuje?",
			"Jistě, jste ve 30denní lhůtě pro vrácení. Je zboží nepoužité a v původním obalu?",
		},
		.answer = {
			"Barva vypadá úplně jinak než na fotkách na webu.",
			"Ano, nepoužité a v původním obalu.",
		},
		.resolve = {
			"Vrácení jsme schválili, číslo vratky je {rma}. E-mailem jsme vám poslali štítek na zpětnou zásilku; jakmile balík dorazí do našeho skladu, vrátíme vám {amount} do 3 pracovních dnů.",
			"Hotovo – vratka {rma} je založená. Zboží „{item}“ prosím zabalte s vratkovým listem a odešlete se štítkem z našeho e-mailu. Částku {amount} vrátíme, jakmile k nám dorazí.",
		},
		.alt = {
			"Vratku {rma} jsme schválili. Podle vaší volby vám po doručení zboží připíšeme {amount} jako kredit v obchodě, který můžete použít na jakoukoli další objednávku.",
			"Vratka {rma} je založená. Až k nám „{item}“ dorazí, dostanete {amount} jako kredit v obchodě bez omezení platnosti.",
		},
	},
	[DEMO_SC_RETURN][DEMO_KK] = {
		.subject = { "Тауарды қайтару — {order} тапсырысы", "«{item}» тауарын қайтарғым келеді" },
		.open = {
			"{order} тапсырысындағы «{item}» тауарын қайтарғым келеді. Әдемі екен, бірақ мен күткендей емес. Оны қалай кері жіберемін?",
			"{order} тапсырысының бір бөлігін қайтаруға көмектесе аласыз ба? «{item}» маған сай келмеді.",
			"«{item}» тауарын ({order}) қайтарып, ақшамды алғым келеді. Ол пайдаланылмаған.",
		},
		.ask = {
			"Әрине. Қызметімізді жақсарту үшін тауардың неге сай келмегенін қысқаша айтып бересіз бе?",
			"Әрине, қайтарудың 30 күндік мерзімі әлі өтпеген. Тауар пайдаланылмаған және түпнұсқа қаптамасында ма?",
		},
		.answer = {
			"Түсі сайттағы суреттерден мүлдем басқаша.",
			"Иә, пайдаланылмаған, қаптамасы түпнұсқа.",
		},
		.resolve = {
			"Қайтару мақұлданды, қайтару нөмірі — {rma}. Сізге қайтаруға арналған жапсырманы электрондық пошта арқылы жібердік; сәлемдеме қоймамызға жеткен соң 3 жұмыс күні ішінде {amount} сомасын қайтарамыз.",
			"Бәрі дайын — {rma} қайтаруы ашылды. «{item}» тауарын қайтару парағымен бірге орап, хатымыздағы жапсырмамен жөнелтіңізші. Тауар бізге жеткен бойда {amount} сомасын қайтарамыз.",
		},
		.alt = {
			"{rma} қайтаруы мақұлданды. Өтінішіңіз бойынша тауар бізге жеткен соң {amount} сомасын дүкендегі шотыңызға депозит ретінде есептейміз — оны кез келген келесі тапсырысқа пайдалана аласыз.",
			"{rma} қайтаруы ашылды. «{item}» бізге қайтып келгенде, мерзімсіз дүкен депозиті ретінде {amount} аласыз.",
		},
	},

	/* ---------------------------------------------- where is my refund */
	[DEMO_SC_REFUND][DEMO_EN] = {
		.subject = { "Refund for order {order}?", "Still waiting for my refund ({rma})" },
		.open = {
			"I sent the {item} back a while ago (return {rma}), but I haven't received my refund yet. Could you check, please?",
			"When will I get my money back for order {order}? The return was posted over a week ago.",
			"Could you tell me the status of my return {rma}? I haven't seen a refund on my card.",
		},
		.ask = {
			"Thanks for your patience. I can't see the parcel in our warehouse yet – could you send us the tracking number from the return label?",
			"Let me check that for you. Do you still have the receipt from the drop-off point with the tracking number?",
		},
		.answer = {
			"Here it is: {rtracking}.",
			"Yes, the tracking number is {rtracking}.",
		},
		.resolve = {
			"Your return {rma} has been processed and we refunded {amount} to your original payment method. Depending on your bank it can take 3–5 working days to appear.",
			"Good news: the refund of {amount} for return {rma} went out today. If you don't see it within a week, let us know and we'll send you the bank reference.",
		},
		.alt = {
			"Your return {rma} has just arrived at our warehouse. We check returns within 2 working days and then refund {amount} straight away – you'll get an email when it's done.",
			"The return parcel is still on its way to us. As soon as it arrives we'll refund {amount} for return {rma}; you'll receive a confirmation email.",
		},
	},
	[DEMO_SC_REFUND][DEMO_UK] = {
		.subject = { "Повернення коштів за замовлення {order}?", "Досі чекаю на повернення коштів ({rma})" },
		.open = {
			"Я вже давно {g:відправив|відправила} товар «{item}» назад (повернення {rma}), але гроші досі не надійшли. Перевірте, будь ласка.",
			"Коли мені повернуть гроші за замовлення {order}? Повернення я {g:відправив|відправила} більше тижня тому.",
			"Підкажіть, будь ласка, статус повернення {rma}? На картці я ще не бачу повернених коштів.",
		},
		.ask = {
			"Дякуємо за терпіння. На нашому складі посилки ще не видно — надішліть, будь ласка, трек-номер з етикетки повернення.",
			"Зараз перевіримо. У вас зберігся чек із пункту відправлення з трек-номером?",
		},
		.answer = {
			"Ось він: {rtracking}.",
			"Так, трек-номер: {rtracking}.",
		},
		.resolve = {
			"Повернення {rma} оброблено, ми повернули {amount} на вашу картку. Залежно від банку кошти можуть надходити 3–5 робочих днів.",
			"Гарні новини: кошти за поверненням {rma} у розмірі {amount} відправлено сьогодні. Якщо протягом тижня гроші не надійдуть, напишіть нам — ми надішлемо номер банківської операції.",
		},
		.alt = {
			"Ваше повернення {rma} щойно надійшло на наш склад. Ми перевіряємо повернення протягом 2 робочих днів і одразу повертаємо {amount} — ви отримаєте лист, щойно все буде готово.",
			"Посилка з поверненням ще в дорозі до нас. Щойно вона надійде, ми повернемо {amount} за поверненням {rma}, а вам прийде лист із підтвердженням.",
		},
	},
	[DEMO_SC_REFUND][DEMO_CS] = {
		.subject = { "Vrácení peněz za objednávku {order}?", "Stále čekám na vrácení peněz ({rma})" },
		.open = {
			"Zboží „{item}“ jsem {g:poslal|poslala} zpět už před nějakou dobou (vratka {rma}), ale peníze mi zatím nepřišly. Můžete to prosím prověřit?",
			"Kdy mi vrátíte peníze za objednávku {order}? Vratku jsem {g:odeslal|odeslala} před více než týdnem.",
			"Můžete mi prosím říct, v jakém stavu je vratka {rma}? Na kartě zatím žádné vrácené peníze nevidím.",
		},
		.ask = {
			"Děkujeme za trpělivost. V našem skladu zatím balík nevidíme – můžete nám poslat číslo zásilky ze štítku na vratku?",
			"Hned to prověříme. Máte ještě potvrzení z podacího místa s číslem zásilky?",
		},
		.answer = {
			"Tady je: {rtracking}.",
			"Ano, číslo zásilky je {rtracking}.",
		},
		.resolve = {
			"Vratku {rma} jsme zpracovali a částku {amount} vrátili na vaši platební kartu. Podle banky může připsání trvat 3–5 pracovních dnů.",
			"Dobrá zpráva: vrácení {amount} k vratce {rma} jsme dnes odeslali. Pokud peníze do týdne neuvidíte, dejte nám vědět a pošleme vám bankovní referenci.",
		},
		.alt = {
			"Vaše vratka {rma} právě dorazila do našeho skladu. Vratky kontrolujeme do 2 pracovních dnů a hned poté vracíme {amount} – až to bude hotové, přijde vám e-mail.",
			"Zásilka s vratkou je k nám stále na cestě. Jakmile dorazí, vrátíme vám {amount} za vratku {rma} a pošleme potvrzení e-mailem.",
		},
	},
	[DEMO_SC_REFUND][DEMO_KK] = {
		.subject = { "{order} тапсырысы үшін ақша қайтару", "Ақшаның қайтарылуын әлі күтіп жүрмін ({rma})" },
		.open = {
			"«{item}» тауарын біраз уақыт бұрын кері жібердім ({rma} қайтаруы), бірақ ақша әлі түскен жоқ. Тексеріп бересіз бе?",
			"{order} тапсырысы үшін ақшамды қашан қайтарасыздар? Қайтаруды бір аптадан астам уақыт бұрын жібердім.",
			"{rma} қайтаруымның мәртебесін айтып бересіз бе? Картама ақша қайтарылғанын әлі көрмедім.",
		},
		.ask = {
			"Шыдамдылығыңызға рахмет. Сәлемдеме біздің қоймада әлі көрінбейді — қайтару жапсырмасындағы трек-нөмірді жібере аласыз ба?",
			"Қазір тексеріп көрейік. Жөнелту пунктінен берілген трек-нөмірі бар түбіртек сізде сақталды ма?",
		},
		.answer = {
			"Міне: {rtracking}.",
			"Иә, трек-нөмір: {rtracking}.",
		},
		.resolve = {
			"{rma} қайтаруы өңделді, {amount} сомасын картаңызға қайтардық. Банкке байланысты ақша 3–5 жұмыс күні ішінде түседі.",
			"Жақсы жаңалық: {rma} қайтаруы бойынша {amount} сомасы бүгін қайтарылды. Бір апта ішінде түспесе, бізге жазыңыз — банктік операция нөмірін жібереміз.",
		},
		.alt = {
			"{rma} қайтаруыңыз қоймамызға жаңа ғана жетті. Қайтарылған тауарларды 2 жұмыс күні ішінде тексереміз де, {amount} сомасын бірден қайтарамыз — бұл туралы хат аласыз.",
			"Қайтару сәлемдемесі бізге әлі жолда келе жатыр. Ол жеткен бойда {rma} қайтаруы бойынша {amount} сомасын қайтарып, растау хатын жібереміз.",
		},
	},

	/* ---------------------------------------------------------- thanks */
	[DEMO_SC_THANKS][DEMO_EN] = {
		.subject = { "Thank you! ({order})", "Lovely {item}" },
		.open = {
			"Just wanted to say thank you – the {item} arrived quickly and it's even nicer than in the pictures.",
			"Order {order} arrived today, beautifully packed. The {item} is perfect. Thanks!",
			"I received the {item} and I'm really happy with it. Great quality, I'll definitely order again.",
		},
		.resolve = {
			"Thank you so much for your kind words – they made our day! Enjoy your new things.",
			"That's wonderful to hear, thank you for letting us know. I've passed your message on to our warehouse team.",
		},
	},
	[DEMO_SC_THANKS][DEMO_UK] = {
		.subject = { "Дякую! ({order})", "Чудовий товар «{item}»" },
		.open = {
			"Хочу просто подякувати: товар «{item}» прийшов дуже швидко і виглядає навіть краще, ніж на фото.",
			"Замовлення {order} сьогодні прийшло, дуже гарно запаковане. Товар «{item}» просто ідеальний. Дякую!",
			"Я {g:отримав|отримала} товар «{item}» і дуже {g:задоволений|задоволена}. Чудова якість, обов’язково замовлю ще.",
		},
		.resolve = {
			"Щиро дякуємо за теплі слова — ви зробили наш день! Нехай покупка вас тішить.",
			"Дуже приємно це чути, дякуємо, що написали. Ми передали ваш відгук команді складу.",
		},
	},
	[DEMO_SC_THANKS][DEMO_CS] = {
		.subject = { "Děkuji! ({order})", "Krásné zboží „{item}“" },
		.open = {
			"Jen jsem {g:chtěl|chtěla} poděkovat – zboží „{item}“ dorazilo rychle a je ještě hezčí než na fotkách.",
			"Objednávka {order} dnes dorazila, krásně zabalená. Zboží „{item}“ je perfektní. Děkuji!",
			"Zboží „{item}“ jsem {g:dostal|dostala} a jsem moc {g:spokojený|spokojená}. Skvělá kvalita, určitě objednám znovu.",
		},
		.resolve = {
			"Moc děkujeme za milá slova, udělala nám radost! Ať vám nákup dlouho slouží.",
			"To rádi slyšíme, děkujeme za zprávu. Vaši pochvalu jsme předali kolegům ze skladu.",
		},
	},
	[DEMO_SC_THANKS][DEMO_KK] = {
		.subject = { "Рахмет! ({order})", "Керемет «{item}»" },
		.open = {
			"Алғысымды айтқым келді — «{item}» тез жетті және суреттегіден де әдемі екен.",
			"{order} тапсырысы бүгін келді, өте ұқыпты оралған. «{item}» тамаша. Рахмет!",
			"«{item}» тауарын алдым, өте ризамын. Сапасы керемет, міндетті түрде тағы тапсырыс беремін.",
		},
		.resolve = {
			"Жылы лебізіңізге көп рахмет — көңіл-күйімізді көтердіңіз! Сатып алған затыңыз ұзақ қызмет етсін.",
			"Мұны есту қандай жақсы, жазғаныңызға рахмет. Пікіріңізді қойма командамызға жеткіздік.",
		},
	},

	/* ---------------------------------------------------------- cancel */
	[DEMO_SC_CANCEL][DEMO_EN] = {
		.subject = { "Please cancel order {order}", "Cancel my order {order}" },
		.open = {
			"I placed order {order} by mistake – could you cancel it before it ships, please?",
			"Please cancel my order {order}. I ordered the wrong item and would rather place a new order.",
			"Is it still possible to cancel order {order}? It turns out I no longer need it.",
		},
		.ask = {
			"Sure, we can still stop it. Would you like to cancel the whole order, or only some of the items?",
			"The order hasn't left the warehouse yet, so that's fine. Just to confirm: should we cancel all of order {order}?",
		},
		.answer = {
			"The whole order, please.",
			"Yes, please cancel everything.",
		},
		.resolve = {
			"Order {order} is cancelled and we've refunded {amount} to your original payment method; it usually shows up within 3–5 working days.",
			"Done – {order} has been cancelled and the full amount of {amount} is on its way back to you.",
		},
		.alt = {
			"Order {order} is cancelled. Your card was never charged: the hold of {amount} will be released by your bank within a few days.",
			"Done – {order} was cancelled before the payment was captured, so the reserved {amount} will simply drop off your statement.",
		},
	},
	[DEMO_SC_CANCEL][DEMO_UK] = {
		.subject = { "Скасуйте, будь ласка, замовлення {order}", "Скасування замовлення {order}" },
		.open = {
			"Я помилково {g:оформив|оформила} замовлення {order} — скасуйте його, будь ласка, поки воно не відправлене.",
			"Прошу скасувати моє замовлення {order}. Я {g:замовив|замовила} не той товар і краще оформлю нове замовлення.",
			"Чи можна ще скасувати замовлення {order}? Виявилося, що воно мені вже не потрібне.",
		},
		.ask = {
			"Звісно, ми ще можемо його зупинити. Скасувати все замовлення чи лише окремі товари?",
			"Замовлення ще не покинуло склад, тож усе гаразд. Лише уточнимо: скасувати замовлення {order} повністю?",
		},
		.answer = {
			"Усе замовлення, будь ласка.",
			"Так, скасуйте все.",
		},
		.resolve = {
			"Замовлення {order} скасовано, ми повернули {amount} на вашу картку; зазвичай кошти надходять протягом 3–5 робочих днів.",
			"Готово — замовлення {order} скасовано, повна сума {amount} уже повертається вам.",
		},
		.alt = {
			"Замовлення {order} скасовано. Кошти з вашої картки не списувалися: банк зніме блокування суми {amount} протягом кількох днів.",
			"Готово — замовлення {order} скасовано ще до списання оплати, тож заблокована сума {amount} просто зникне з виписки.",
		},
	},
	[DEMO_SC_CANCEL][DEMO_CS] = {
		.subject = { "Prosím o zrušení objednávky {order}", "Zrušení objednávky {order}" },
		.open = {
			"Objednávku {order} jsem {g:vytvořil|vytvořila} omylem – můžete ji prosím zrušit, než se odešle?",
			"Prosím o zrušení objednávky {order}. {g:Objednal|Objednala} jsem špatné zboží a raději udělám novou objednávku.",
			"Dá se ještě zrušit objednávka {order}? Už ji nepotřebuji.",
		},
		.ask = {
			"Jistě, ještě ji můžeme zastavit. Chcete zrušit celou objednávku, nebo jen některé položky?",
			"Objednávka ještě neopustila sklad, takže to půjde. Jen pro jistotu: máme zrušit celou objednávku {order}?",
		},
		.answer = {
			"Celou objednávku, prosím.",
			"Ano, zrušte prosím všechno.",
		},
		.resolve = {
			"Objednávka {order} je zrušená a částku {amount} jsme vrátili na vaši platební kartu; obvykle se připíše do 3–5 pracovních dnů.",
			"Hotovo – objednávku {order} jsme zrušili a celá částka {amount} je na cestě zpět k vám.",
		},
		.alt = {
			"Objednávka {order} je zrušená. Z karty vám nic nebylo strženo: blokaci částky {amount} banka uvolní během několika dnů.",
			"Hotovo – objednávku {order} jsme zrušili ještě před stržením platby, takže blokovaná částka {amount} z výpisu jednoduše zmizí.",
		},
	},
	[DEMO_SC_CANCEL][DEMO_KK] = {
		.subject = { "{order} тапсырысын жоюды сұраймын", "{order} тапсырысынан бас тарту" },
		.open = {
			"{order} тапсырысын қателесіп рәсімдеп қойдым — жіберілмей тұрғанда оны жойып бересіз бе?",
			"{order} тапсырысымды жойып беруіңізді сұраймын. Басқа тауарға тапсырыс беріп қойыппын, жаңа тапсырыс рәсімдегенім дұрыс.",
			"{order} тапсырысынан әлі бас тартуға бола ма? Ол маған енді қажет емес болып шықты.",
		},
		.ask = {
			"Әрине, оны әлі тоқтата аламыз. Бүкіл тапсырыстан бас тартасыз ба, әлде кейбір тауарлардан ғана ма?",
			"Тапсырыс қоймадан әлі шыққан жоқ, сондықтан бәрі жақсы. Нақтылап алайық: {order} тапсырысын толығымен жоямыз ба?",
		},
		.answer = {
			"Бүкіл тапсырысты, өтінемін.",
			"Иә, барлығын жойыңыз.",
		},
		.resolve = {
			"{order} тапсырысы жойылды, {amount} сомасын картаңызға қайтардық; әдетте ақша 3–5 жұмыс күні ішінде түседі.",
			"Дайын — {order} тапсырысы жойылды, толық сома {amount} сізге қайтарылып жатыр.",
		},
		.alt = {
			"{order} тапсырысы жойылды. Картаңыздан ақша алынған жоқ: банк {amount} сомасының бұғатын бірнеше күн ішінде алып тастайды.",
			"Дайын — {order} тапсырысы төлем алынбай тұрып жойылды, сондықтан бұғатталған {amount} сомасы үзінді көшірмеден жай ғана жоғалады.",
		},
	},

	/* --------------------------------------------------------- loyalty */
	[DEMO_SC_LOYALTY][DEMO_EN] = {
		.subject = { "Question about my bonus points", "How do I use my points?" },
		.open = {
			"How many bonus points do I have at the moment, and how can I use them on my next order?",
			"I think the points for my last purchase are missing from my account. Could you check?",
			"A friend told me there's a referral bonus. How does your loyalty programme work?",
		},
		.ask = {
			"Happy to check. Which email address did you use when you placed your orders?",
			"Sure! Could you confirm the email address of your customer account so I can find it?",
		},
		.answer = {
			"I always use {email}.",
			"It's {email}.",
		},
		.resolve = {
			"Your points balance is {points} and you're in our {tier} tier. Every 100 points take {unit} off an order – just choose “Use points” at checkout.",
			"I've checked your account: points balance {points}, tier {tier}. Points are added when an order is delivered, and every 100 points are worth {unit} at checkout. Your personal referral code is {code} – a friend who uses it gets a welcome bonus and you get points too.",
		},
	},
	[DEMO_SC_LOYALTY][DEMO_UK] = {
		.subject = { "Питання щодо бонусних балів", "Як використати бали?" },
		.open = {
			"Скільки бонусних балів у мене зараз і як їх використати в наступному замовленні?",
			"Здається, бали за мою останню покупку не зарахувалися. Можете перевірити?",
			"Подруга сказала, що у вас є бонус за запрошення. Як працює ваша програма лояльності?",
		},
		.ask = {
			"Залюбки перевіримо. Яку електронну адресу ви вказували під час оформлення замовлень?",
			"Звісно! Підтвердіть, будь ласка, електронну адресу вашого облікового запису, щоб ми могли його знайти.",
		},
		.answer = {
			"Я завжди використовую {email}.",
			"Це {email}.",
		},
		.resolve = {
			"Баланс ваших бонусних балів: {points}, ваш рівень — {tier}. Кожні 100 балів дають знижку {unit} — просто оберіть «Використати бали» під час оформлення замовлення.",
			"Ми перевірили ваш обліковий запис: баланс балів — {points}, рівень — {tier}. Бали нараховуються після доставки замовлення, а кожні 100 балів дорівнюють {unit}. Ваш персональний код для запрошення — {code}: друг, який ним скористається, отримає вітальний бонус, а ви — додаткові бали.",
		},
	},
	[DEMO_SC_LOYALTY][DEMO_CS] = {
		.subject = { "Dotaz na věrnostní body", "Jak mám využít body?" },
		.open = {
			"Kolik mám teď bonusových bodů a jak je můžu využít u další objednávky?",
			"Zdá se mi, že mi nebyly připsány body za poslední nákup. Můžete to prosím zkontrolovat?",
			"Kamarádka mi říkala, že máte bonus za doporučení. Jak funguje váš věrnostní program?",
		},
		.ask = {
			"Rádi to zkontrolujeme. Jakou e-mailovou adresu jste při objednávkách {g:používal|používala}?",
			"Jistě! Potvrďte nám prosím e-mail svého zákaznického účtu, ať ho můžeme dohledat.",
		},
		.answer = {
			"Vždycky používám {email}.",
			"Je to {email}.",
		},
		.resolve = {
			"Stav vašich bodů: {points}, úroveň {tier}. Každých 100 bodů vám ušetří {unit} – stačí v pokladně zvolit „Použít body“.",
			"Zkontrolovali jsme váš účet – počet bodů: {points}, úroveň: {tier}. Body se připisují po doručení objednávky a každých 100 bodů má hodnotu {unit}. Váš osobní doporučovací kód je {code}: kamarád, který ho použije, dostane uvítací bonus a vy body navíc.",
		},
	},
	[DEMO_SC_LOYALTY][DEMO_KK] = {
		.subject = { "Бонус ұпайлары туралы сұрақ", "Ұпайларды қалай пайдаланамын?" },
		.open = {
			"Қазір менде қанша бонус ұпай бар және оларды келесі тапсырыста қалай пайдалануға болады?",
			"Соңғы сатып алуым үшін ұпайлар есептелмеген сияқты. Тексеріп бересіз бе?",
			"Құрбым шақыру үшін бонус бар деді. Адалдық бағдарламаңыз қалай жұмыс істейді?",
		},
		.ask = {
			"Қуана тексереміз. Тапсырыс бергенде қай электрондық поштаны көрсеттіңіз?",
			"Әрине! Аккаунтыңызды табу үшін оның электрондық пошта мекенжайын растаңызшы.",
		},
		.answer = {
			"Мен әрдайым {email} мекенжайын пайдаланамын.",
			"Ол — {email}.",
		},
		.resolve = {
			"Бонус ұпайларыңыздың балансы: {points}, деңгейіңіз — {tier}. Әрбір 100 ұпай тапсырысқа {unit} жеңілдік береді — тапсырысты рәсімдеу кезінде «Ұпайларды пайдалану» батырмасын таңдаңыз.",
			"Аккаунтыңызды тексердік: ұпай саны — {points}, деңгей — {tier}. Ұпайлар тапсырыс жеткізілгеннен кейін есептеледі, әрбір 100 ұпайдың құны — {unit}. Сіздің жеке шақыру кодыңыз — {code}: оны пайдаланған досыңыз сәлемдесу бонусын, ал сіз қосымша ұпай аласыз.",
		},
	},
};
