"""Write src/newsmt/data/names/gold.jsonl, the gold set for `newsmt names eval`.

Every case is hand-specified here: a Russian or Ukrainian source sentence, a German
machine translation with a spelling that real engines produce (Russian-based Duden forms,
English forms, older German forms, genitive -s, "Charkower Gebiet"), and the text the
house style (`default`) must give. The expected house forms are written out literally,
not computed by newsmt, so the set checks the code instead of mirroring it.

    python scripts/make_names_gold.py
"""

from __future__ import annotations

import json
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src/newsmt/data/names/gold.jsonl"

# place: (ru locative phrase, uk locative phrase, [(engine form, ...)], house form)
PLACES = [
    ("в Харькове", "у Харкові", ["Charkow", "Kharkiv", "Charkiw"], "Charkiw"),
    ("в Одессе", "в Одесі", ["Odesa", "Odessa"], "Odessa"),
    ("в Киеве", "у Києві", ["Kyiv", "Kiev", "Kiew"], "Kiew"),
    ("в Николаеве", "у Миколаєві", ["Nikolajew", "Mykolaiv"], "Mykolajiw"),
    ("в Запорожье", "у Запоріжжі", ["Saporoschje", "Zaporizhzhia"], "Saporischschja"),
    ("в Кривом Роге", "у Кривому Розі", ["Kriwoi Rog", "Kryvyi Rih"], "Krywyj Rih"),
    ("в Днепре", "у Дніпрі", ["Dnepr", "Dnipro"], "Dnipro"),
    ("во Львове", "у Львові", ["Lwow", "Lviv"], "Lwiw"),
    ("в Херсоне", "у Херсоні", ["Kherson", "Cherson"], "Cherson"),
    ("в Чернигове", "у Чернігові", ["Tschernigow", "Chernihiv"], "Tschernihiw"),
    ("в Житомире", "у Житомирі", ["Shitomir", "Zhytomyr"], "Schytomyr"),
    ("в Полтаве", "у Полтаві", ["Poltava", "Poltawa"], "Poltawa"),
    ("в Виннице", "у Вінниці", ["Winniza", "Vinnytsia"], "Winnyzja"),
    ("в Черкассах", "у Черкасах", ["Tscherkassy", "Cherkasy"], "Tscherkasy"),
    ("в Изюме", "в Ізюмі", ["Izium", "Isjum"], "Isjum"),
    ("в Бахмуте", "у Бахмуті", ["Bakhmut", "Bachmut"], "Bachmut"),
    ("в Мариуполе", "у Маріуполі", ["Mariupol"], "Mariupol"),
    ("в Бердянске", "у Бердянську", ["Berdyansk", "Berdjansk"], "Berdjansk"),
    ("в Славянске", "у Слов’янську", ["Slawjansk", "Sloviansk"], "Slowjansk"),
    ("в Ирпене", "в Ірпені", ["Irpen", "Irpin"], "Irpin"),
    ("в Ужгороде", "в Ужгороді", ["Uschgorod", "Uzhhorod"], "Uschhorod"),
    ("в Черновцах", "у Чернівцях", ["Tschernowzy", "Chernivtsi"], "Tscherniwzi"),
    ("в Тернополе", "у Тернополі", ["Ternopol", "Ternopil"], "Ternopil"),
    ("в Луцке", "у Луцьку", ["Lutsk", "Luzk"], "Luzk"),
    (
        "в Ивано-Франковске",
        "в Івано-Франківську",
        ["Iwano-Frankowsk", "Ivano-Frankivsk"],
        "Iwano-Frankiwsk",
    ),
    ("в Купянске", "у Куп’янську", ["Kupiansk", "Kupjansk"], "Kupjansk"),
    ("в Покровске", "у Покровську", ["Pokrovsk", "Pokrowsk"], "Pokrowsk"),
    ("в Чернобыле", "у Чорнобилі", ["Chornobyl", "Tschernobyl"], "Tschernobyl"),
    ("в Крыму", "у Криму", ["Krym", "Krim"], "Krim"),
    ("в Сумах", "у Сумах", ["Sumy"], "Sumy"),
    ("в Белой Церкви", "у Білій Церкві", ["Belaja Zerkow", "Bila Tserkva"], "Bila Zerkwa"),
    ("в Краматорске", "у Краматорську", ["Kramatorsk"], "Kramatorsk"),
    ("в Мелитополе", "у Мелітополі", ["Melitopol"], "Melitopol"),
    ("в Ровно", "у Рівному", ["Rowno", "Rivne"], "Riwne"),
]

# oblast: (ru locative adjective, uk locative adjective, [engine phrase → expected phrase])
OBLASTS = [
    (
        "Харьковской",
        "Харківській",
        [
            ("im Gebiet Charkow", "im Gebiet Charkiw"),
            ("im Charkower Gebiet", "im Gebiet Charkiw"),
            ("in der Region Kharkiv", "in der Region Charkiw"),
        ],
    ),
    (
        "Запорожской",
        "Запорізькій",
        [
            ("im Gebiet Saporoschje", "im Gebiet Saporischschja"),
            ("in der Oblast Zaporizhzhia", "in der Oblast Saporischschja"),
        ],
    ),
    (
        "Днепропетровской",
        "Дніпропетровській",
        [
            ("im Gebiet Dnjepropetrowsk", "im Gebiet Dnipropetrowsk"),
            ("in der Region Dnipropetrovsk", "in der Region Dnipropetrowsk"),
        ],
    ),
    (
        "Донецкой",
        "Донецькій",
        [
            ("im Donezker Gebiet", "im Gebiet Donezk"),
            ("in der Region Donetsk", "in der Region Donezk"),
            ("im Gebiet Donezk", "im Gebiet Donezk"),
        ],
    ),
    (
        "Николаевской",
        "Миколаївській",
        [
            ("im Gebiet Nikolajew", "im Gebiet Mykolajiw"),
            ("in der Region Mykolaiv", "in der Region Mykolajiw"),
        ],
    ),
    (
        "Одесской",
        "Одеській",
        [("im Gebiet Odesa", "im Gebiet Odessa"), ("im Gebiet Odessa", "im Gebiet Odessa")],
    ),
    (
        "Херсонской",
        "Херсонській",
        [
            ("in der Region Kherson", "in der Region Cherson"),
            ("im Gebiet Cherson", "im Gebiet Cherson"),
        ],
    ),
    ("Сумской", "Сумській", [("im Gebiet Sumy", "im Gebiet Sumy")]),
    (
        "Черниговской",
        "Чернігівській",
        [
            ("im Gebiet Tschernigow", "im Gebiet Tschernihiw"),
            ("in der Oblast Chernihiv", "in der Oblast Tschernihiw"),
        ],
    ),
    (
        "Киевской",
        "Київській",
        [("im Gebiet Kyiv", "im Gebiet Kiew"), ("im Kiewer Gebiet", "im Gebiet Kiew")],
    ),
    (
        "Луганской",
        "Луганській",
        [("im Gebiet Lugansk", "im Gebiet Luhansk"), ("im Gebiet Luhansk", "im Gebiet Luhansk")],
    ),
    (
        "Львовской",
        "Львівській",
        [("im Gebiet Lwow", "im Gebiet Lwiw"), ("in der Region Lviv", "in der Region Lwiw")],
    ),
    (
        "Хмельницкой",
        "Хмельницькій",
        [
            ("im Gebiet Chmelnizki", "im Gebiet Chmelnyzkyj"),
            ("in der Region Khmelnytskyi", "in der Region Chmelnyzkyj"),
        ],
    ),
]

# person: ru name, uk name, feminine?, [(engine form, expected)] for the full name,
# [(engine form, expected)] for the surname alone
PERSONS = [
    (
        "Владимир Зеленский",
        "Володимир Зеленський",
        False,
        [
            ("Wladimir Selenski", "Wolodymyr Selenskyj"),
            ("Volodymyr Zelensky", "Wolodymyr Selenskyj"),
            ("Wolodymyr Selenskyj", "Wolodymyr Selenskyj"),
        ],
        [("Selenski", "Selenskyj"), ("Selenskij", "Selenskyj"), ("Zelenskyy", "Selenskyj")],
    ),
    (
        "Рустем Умеров",
        "Рустем Умєров",
        False,
        [("Rustem Umerow", "Rustem Umjerow"), ("Rustem Umerov", "Rustem Umjerow")],
        [("Umerow", "Umjerow"), ("Umjerow", "Umjerow")],
    ),
    (
        "Кирилл Буданов",
        "Кирило Буданов",
        False,
        [("Kirill Budanow", "Kyrylo Budanow"), ("Kyrylo Budanov", "Kyrylo Budanow")],
        [("Budanov", "Budanow"), ("Budanow", "Budanow")],
    ),
    (
        "Александр Сырский",
        "Олександр Сирський",
        False,
        [("Alexander Syrski", "Oleksandr Syrskyj"), ("Oleksandr Syrskyi", "Oleksandr Syrskyj")],
        [("Syrski", "Syrskyj")],
    ),
    (
        "Андрей Ермак",
        "Андрій Єрмак",
        False,
        [("Andrei Jermak", "Andrij Jermak"), ("Andriy Yermak", "Andrij Jermak")],
        [("Yermak", "Jermak"), ("Jermak", "Jermak")],
    ),
    (
        "Денис Шмыгаль",
        "Денис Шмигаль",
        False,
        [("Denis Schmygal", "Denys Schmyhal")],
        [("Shmyhal", "Schmyhal")],
    ),
    (
        "Андрей Сибига",
        "Андрій Сибіга",
        False,
        [("Andrei Sibiga", "Andrij Sybiha")],
        [("Sibiga", "Sybiha"), ("Sybiha", "Sybiha")],
    ),
    (
        "Виталий Кличко",
        "Віталій Кличко",
        False,
        [("Vitali Klitschko", "Witalij Klitschko"), ("Witali Klitschko", "Witalij Klitschko")],
        [("Klitschko", "Klitschko"), ("Klychko", "Klitschko")],
    ),
    (
        "Валерий Залужный",
        "Валерій Залужний",
        False,
        [("Waleri Saluschny", "Walerij Saluschnyj")],
        [("Zaluzhnyi", "Saluschnyj")],
    ),
    (
        "Петр Порошенко",
        "Петро Порошенко",
        False,
        [("Pjotr Poroschenko", "Petro Poroschenko")],
        [("Poroshenko", "Poroschenko"), ("Poroschenko", "Poroschenko")],
    ),
    (
        "Юлия Тимошенко",
        "Юлія Тимошенко",
        True,
        [("Julia Timoschenko", "Julija Tymoschenko")],
        [("Timoschenko", "Tymoschenko")],
    ),
    (
        "Руслан Стефанчук",
        "Руслан Стефанчук",
        False,
        [("Ruslan Stefanchuk", "Ruslan Stefantschuk")],
        [("Stefantschuk", "Stefantschuk")],
    ),
    (
        "Дмитрий Лубинец",
        "Дмитро Лубінець",
        False,
        [("Dmitri Lubinez", "Dmytro Lubinez")],
        [("Lubinets", "Lubinez")],
    ),
    (
        "Олег Синегубов",
        "Олег Синєгубов",
        False,
        [("Oleg Sinegubow", "Oleh Synjehubow")],
        [("Syniehubov", "Synjehubow")],
    ),
    (
        "Игорь Терехов",
        "Ігор Терехов",
        False,
        [("Igor Terechow", "Ihor Terechow")],
        [("Terekhov", "Terechow"), ("Terechow", "Terechow")],
    ),
    (
        "Андрей Садовый",
        "Андрій Садовий",
        False,
        [("Andrei Sadowy", "Andrij Sadowyj")],
        [("Sadovyi", "Sadowyj")],
    ),
    (
        "Михаил Подоляк",
        "Михайло Подоляк",
        False,
        [("Michail Podoljak", "Mychajlo Podoljak")],
        [("Podolyak", "Podoljak")],
    ),
    (
        "Василий Малюк",
        "Василь Малюк",
        False,
        [("Wassili Maljuk", "Wasyl Maljuk")],
        [("Maliuk", "Maljuk")],
    ),
    ("Виталий Ким", "Віталій Кім", False, [("Vitaliy Kim", "Witalij Kim")], [("Kim", "Kim")]),
    (
        "Владимир Путин",
        "Володимир Путін",
        False,
        [("Wladimir Putin", "Wladimir Putin"), ("Vladimir Putin", "Wladimir Putin")],
        [("Putin", "Putin")],
    ),
    (
        "Сергей Лавров",
        "Сергій Лавров",
        False,
        [("Sergei Lawrow", "Sergej Lawrow"), ("Sergey Lavrov", "Sergej Lawrow")],
        [("Lavrov", "Lawrow"), ("Lawrow", "Lawrow")],
    ),
    (
        "Дмитрий Песков",
        "Дмитро Пєсков",
        False,
        [("Dmitry Peskov", "Dmitri Peskow"), ("Dmitri Peskow", "Dmitri Peskow")],
        [("Peskov", "Peskow")],
    ),
    (
        "Сергей Шойгу",
        "Сергій Шойгу",
        False,
        [("Sergei Shoigu", "Sergej Schoigu")],
        [("Shoigu", "Schoigu"), ("Schoigu", "Schoigu")],
    ),
    (
        "Дмитрий Медведев",
        "Дмитро Медведєв",
        False,
        [("Dmitry Medvedev", "Dmitri Medwedew")],
        [("Medvedev", "Medwedew"), ("Medwedew", "Medwedew")],
    ),
    (
        "Мария Захарова",
        "Марія Захарова",
        True,
        [("Maria Zakharova", "Marija Sacharowa"), ("Maria Sacharowa", "Marija Sacharowa")],
        [("Zakharova", "Sacharowa")],
    ),
    (
        "Юрий Ушаков",
        "Юрій Ушаков",
        False,
        [("Yuri Ushakov", "Juri Uschakow")],
        [("Ushakov", "Uschakow")],
    ),
    (
        "Кирилл Дмитриев",
        "Кирило Дмитрієв",
        False,
        [("Kirill Dmitriev", "Kirill Dmitrijew")],
        [("Dmitriev", "Dmitrijew")],
    ),
    (
        "Андрей Белоусов",
        "Андрій Бєлоусов",
        False,
        [("Andrei Belousov", "Andrej Beloussow")],
        [("Belousow", "Beloussow")],
    ),
    (
        "Валерий Герасимов",
        "Валерій Герасимов",
        False,
        [("Valery Gerasimov", "Waleri Gerassimow")],
        [("Gerasimow", "Gerassimow")],
    ),
    (
        "Владимир Мединский",
        "Володимир Мединський",
        False,
        [("Vladimir Medinsky", "Wladimir Medinski")],
        [("Medinsky", "Medinski")],
    ),
    (
        "Александр Лукашенко",
        "Олександр Лукашенко",
        False,
        [
            ("Aleksandr Lukashenko", "Alexander Lukaschenko"),
            ("Alexander Lukaschenko", "Alexander Lukaschenko"),
        ],
        [("Lukashenko", "Lukaschenko")],
    ),
    (
        "Хакан Фидан",
        "Хакан Фідан",
        False,
        [("Hakan Fidan", "Hakan Fidan"), ("Chakan Fidan", "Hakan Fidan")],
        [("Fidan", "Fidan")],
    ),
    (
        "Реджеп Тайип Эрдоган",
        "Реджеп Тайїп Ердоган",
        False,
        [("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan")],
        [("Erdogan", "Erdoğan")],
    ),
    (
        "Эммануэль Макрон",
        "Емманюель Макрон",
        False,
        [("Emmanuel Macron", "Emmanuel Macron")],
        [("Macron", "Macron"), ("Makron", "Macron")],
    ),
    (
        "Фридрих Мерц",
        "Фрідріх Мерц",
        False,
        [("Friedrich Merz", "Friedrich Merz")],
        [("Merz", "Merz")],
    ),
    (
        "Дональд Трамп",
        "Дональд Трамп",
        False,
        [("Donald Trump", "Donald Trump")],
        [("Trump", "Trump"), ("Tramp", "Trump")],
    ),
    ("Марк Рютте", "Марк Рютте", False, [("Mark Rutte", "Mark Rutte")], [("Rjutte", "Rutte")]),
    (
        "Виктор Орбан",
        "Віктор Орбан",
        False,
        [("Viktor Orban", "Viktor Orbán")],
        [("Orban", "Orbán")],
    ),
    (
        "Никол Пашинян",
        "Нікол Пашинян",
        False,
        [("Nikol Pashinyan", "Nikol Paschinjan")],
        [("Pashinyan", "Paschinjan")],
    ),
    (
        "Кит Келлог",
        "Кіт Келлог",
        False,
        [("Keith Kellogg", "Keith Kellogg")],
        [("Kellog", "Kellogg")],
    ),
    ("Олег Кипер", "Олег Кіпер", False, [("Oleg Kiper", "Oleh Kiper")], [("Kiper", "Kiper")]),
    (
        "Иван Федоров",
        "Іван Федоров",
        False,
        [("Ivan Fedorov", "Iwan Fedorow")],
        [("Fedorov", "Fedorow")],
    ),
]

# genitive: (lang, source, engine output, expected)
GENITIVES = [
    (
        "ru",
        "По словам Зеленского, обмен продолжится.",
        "Nach Selenskis Worten wird der Austausch fortgesetzt.",
        "Nach Selenskyjs Worten wird der Austausch fortgesetzt.",
    ),
    (
        "uk",
        "За словами Зеленського, обмін триватиме.",
        "Nach Zelenskys Worten wird der Austausch fortgesetzt.",
        "Nach Selenskyjs Worten wird der Austausch fortgesetzt.",
    ),
    (
        "ru",
        "Заявление Умерова прозвучало в Анкаре.",
        "Umerows Erklärung erfolgte in Ankara.",
        "Umjerows Erklärung erfolgte in Ankara.",
    ),
    (
        "ru",
        "Жители Харькова провели ночь в укрытиях.",
        "Die Einwohner Charkows verbrachten die Nacht in Schutzräumen.",
        "Die Einwohner Charkiws verbrachten die Nacht in Schutzräumen.",
    ),
    (
        "uk",
        "Мешканці Харкова провели ніч в укриттях.",
        "Die Bewohner von Kharkiv verbrachten die Nacht in Schutzräumen.",
        "Die Bewohner von Charkiw verbrachten die Nacht in Schutzräumen.",
    ),
    (
        "ru",
        "Мэр Киева Виталий Кличко сообщил о взрывах.",
        "Kiews Bürgermeister Vitali Klitschko berichtete von Explosionen.",
        "Kiews Bürgermeister Witalij Klitschko berichtete von Explosionen.",
    ),
    (
        "uk",
        "Мер Києва Віталій Кличко повідомив про вибухи.",
        "Der Bürgermeister von Kyiv, Vitali Klitschko, meldete Explosionen.",
        "Der Bürgermeister von Kiew, Witalij Klitschko, meldete Explosionen.",
    ),
    (
        "ru",
        "Слова Лаврова вызвали критику.",
        "Lavrovs Worte lösten Kritik aus.",
        "Lawrows Worte lösten Kritik aus.",
    ),
    (
        "ru",
        "Заявление Пескова опубликовано.",
        "Peskovs Erklärung wurde veröffentlicht.",
        "Peskows Erklärung wurde veröffentlicht.",
    ),
    (
        "uk",
        "Заява Буданова з'явилася вранці.",
        "Budanovs Erklärung erschien am Morgen.",
        "Budanows Erklärung erschien am Morgen.",
    ),
    (
        "ru",
        "Мэр Одессы заявил об ущербе.",
        "Der Bürgermeister von Odesa sprach von Schäden.",
        "Der Bürgermeister von Odessa sprach von Schäden.",
    ),
    (
        "ru",
        "Сообщается об ударе по Николаеву.",
        "Es wird über einen Angriff auf Nikolaev berichtet.",
        "Es wird über einen Angriff auf Mykolajiw berichtet.",
    ),
    (
        "uk",
        "Повідомляється про удар по Миколаєву.",
        "Es wird über einen Angriff auf Mykolaiv berichtet.",
        "Es wird über einen Angriff auf Mykolajiw berichtet.",
    ),
    (
        "ru",
        "Харьковские власти сообщили о пострадавших.",
        "Die Kharkiver Behörden meldeten Verletzte.",
        "Die Kharkiver Behörden meldeten Verletzte.",
    ),
]

COMBINED = [
    (
        "ru",
        "Владимир Зеленский и Рустем Умеров обсудили ситуацию в Харькове и Запорожье.",
        "Wladimir Selenski und Rustem Umerow erörterten die Lage in Charkow und Saporoschje.",
        "Wolodymyr Selenskyj und Rustem Umjerow erörterten die Lage in Charkiw und Saporischschja.",
    ),
    (
        "uk",
        "Володимир Зеленський і Рустем Умєров обговорили ситуацію в Харкові та Запоріжжі.",
        "Volodymyr Zelensky und Rustem Umerov erörterten die Lage in Kharkiv und Zaporizhzhia.",
        "Wolodymyr Selenskyj und Rustem Umjerow erörterten die Lage in Charkiw und Saporischschja.",
    ),
    (
        "ru",
        "Умеров встретился в Анкаре с Хаканом Фиданом и главой разведки Ибрагимом Калыном.",
        "Umerow traf sich in Ankara mit Hakan Fidan und Geheimdienstchef Ibrahim Kalin.",
        "Umjerow traf sich in Ankara mit Hakan Fidan und Geheimdienstchef İbrahim Kalın.",
    ),
    (
        "ru",
        "Сергей Лавров и Марко Рубио провели телефонный разговор.",
        "Sergei Lavrov und Marco Rubio führten ein Telefongespräch.",
        "Sergej Lawrow und Marco Rubio führten ein Telefongespräch.",
    ),
    (
        "ru",
        "Кирилл Буданов заявил, что Россия готовит наступление на Запорожье.",
        "Kirill Budanow sagte, Russland bereite eine Offensive auf Saporoschje vor.",
        "Kyrylo Budanow sagte, Russland bereite eine Offensive auf Saporischschja vor.",
    ),
    (
        "uk",
        "Кирило Буданов заявив, що Росія готує наступ на Запоріжжя.",
        "Kyrylo Budanov sagte, Russland bereite eine Offensive auf Saporischschja vor.",
        "Kyrylo Budanow sagte, Russland bereite eine Offensive auf Saporischschja vor.",
    ),
    (
        "ru",
        "Дмитрий Песков прокомментировал слова Дональда Трампа о Крыме.",
        "Dmitry Peskov kommentierte die Worte von Donald Trump über die Krym.",
        "Dmitri Peskow kommentierte die Worte von Donald Trump über die Krim.",
    ),
    (
        "ru",
        "Олег Синегубов сообщил об ударе по Харькову и Изюму.",
        "Oleg Sinegubow berichtete über einen Angriff auf Charkow und Isjum.",
        "Oleh Synjehubow berichtete über einen Angriff auf Charkiw und Isjum.",
    ),
    (
        "uk",
        "Олег Синєгубов повідомив про удар по Харкову та Ізюму.",
        "Oleh Syniehubov berichtete über einen Angriff auf Kharkiv und Izium.",
        "Oleh Synjehubow berichtete über einen Angriff auf Charkiw und Isjum.",
    ),
    (
        "ru",
        "В Николаевской области и Одессе объявлена воздушная тревога.",
        "Im Gebiet Nikolajew und in Odessa wurde Luftalarm ausgerufen.",
        "Im Gebiet Mykolajiw und in Odessa wurde Luftalarm ausgerufen.",
    ),
    (
        "ru",
        "Эммануэль Макрон и Фридрих Мерц прибыли в Киев.",
        "Emmanuel Macron und Friedrich Merz trafen in Kiew ein.",
        "Emmanuel Macron und Friedrich Merz trafen in Kiew ein.",
    ),
    (
        "uk",
        "Емманюель Макрон і Фрідріх Мерц прибули до Києва.",
        "Emmanuel Macron und Friedrich Merz kamen in Kyiv an.",
        "Emmanuel Macron und Friedrich Merz kamen in Kiew an.",
    ),
    (
        "ru",
        "Зеленский провел переговоры с Реджепом Тайипом Эрдоганом в Стамбуле.",
        "Selenski führte in Istanbul Gespräche mit Recep Tayyip Erdogan.",
        "Selenskyj führte in Istanbul Gespräche mit Recep Tayyip Erdoğan.",
    ),
    (
        "ru",
        "Виталий Ким рассказал о последствиях атаки на Николаев.",
        "Vitaliy Kim sprach über die Folgen des Angriffs auf Nikolajew.",
        "Witalij Kim sprach über die Folgen des Angriffs auf Mykolajiw.",
    ),
    (
        "ru",
        "Лукашенко встретился с Путиным в Минске.",
        "Lukashenko traf sich in Minsk mit Putin.",
        "Lukaschenko traf sich in Minsk mit Putin.",
    ),
    (
        "uk",
        "Андрій Сибіга зустрівся з Каєю Каллас у Брюсселі.",
        "Andrii Sybiha traf Kaja Kallas in Brüssel.",
        "Andrij Sybiha traf Kaja Kallas in Brüssel.",
    ),
    (
        "ru",
        "Мария Захарова прокомментировала визит Кая Каллас в Одессу.",
        "Maria Zakharova kommentierte den Besuch von Kaja Kallas in Odesa.",
        "Marija Sacharowa kommentierte den Besuch von Kaja Kallas in Odessa.",
    ),
    (
        "uk",
        "Віталій Кличко закликав киян залишатися в укриттях.",
        "Vitali Klitschko rief die Kyiver auf, in den Schutzräumen zu bleiben.",
        "Witalij Klitschko rief die Kyiver auf, in den Schutzräumen zu bleiben.",
    ),
]

UNCHANGED = [
    (
        "ru",
        "Переговоры продолжатся в понедельник.",
        "Die Verhandlungen werden am Montag fortgesetzt.",
    ),
    (
        "uk",
        "Переговори триватимуть у понеділок.",
        "Die Verhandlungen werden am Montag fortgesetzt.",
    ),
    ("ru", "Силы ПВО сбили 25 беспилотников.", "Die Luftabwehr hat 25 Drohnen abgeschossen."),
    ("uk", "Сили ППО збили 25 безпілотників.", "Die Luftabwehr hat 25 Drohnen abgeschossen."),
    (
        "ru",
        "Президент подписал закон о мобилизации.",
        "Der Präsident unterzeichnete das Gesetz über die Mobilisierung.",
    ),
    (
        "uk",
        "Президент підписав закон про мобілізацію.",
        "Der Präsident unterzeichnete das Gesetz über die Mobilisierung.",
    ),
    (
        "ru",
        "В результате обстрела пострадали три человека.",
        "Bei dem Beschuss wurden drei Menschen verletzt.",
    ),
    (
        "uk",
        "Унаслідок обстрілу постраждали троє людей.",
        "Bei dem Beschuss wurden drei Menschen verletzt.",
    ),
    (
        "ru",
        "Об этом сообщили в Генштабе ВСУ.",
        "Dies teilte der Generalstab der ukrainischen Streitkräfte mit.",
    ),
    (
        "uk",
        "Про це повідомили в Генштабі ЗСУ.",
        "Dies teilte der Generalstab der ukrainischen Streitkräfte mit.",
    ),
    (
        "ru",
        "Напомним, ранее сообщалось о перебоях со светом.",
        "Wir erinnern daran, dass zuvor über Stromausfälle berichtet wurde.",
    ),
    (
        "uk",
        "Нагадаємо, раніше повідомлялося про перебої зі світлом.",
        "Wir erinnern daran, dass zuvor über Stromausfälle berichtet wurde.",
    ),
    ("ru", "Цены на газ в Европе снизились.", "Die Gaspreise in Europa sind gesunken."),
    (
        "ru",
        "Евросоюз утвердил новый пакет санкций.",
        "Die Europäische Union hat ein neues Sanktionspaket beschlossen.",
    ),
    (
        "uk",
        "Євросоюз затвердив новий пакет санкцій.",
        "Die Europäische Union hat ein neues Sanktionspaket beschlossen.",
    ),
    ("ru", "Нацбанк сохранил учетную ставку.", "Die Nationalbank hat den Leitzins beibehalten."),
    ("uk", "Нацбанк зберіг облікову ставку.", "Die Nationalbank hat den Leitzins beibehalten."),
    (
        "ru",
        "Температура опустится до минус десяти градусов.",
        "Die Temperatur sinkt auf minus zehn Grad.",
    ),
    (
        "ru",
        "Верховная Рада приняла бюджет на 2026 год.",
        "Die Werchowna Rada hat den Haushalt für 2026 verabschiedet.",
    ),
    (
        "uk",
        "Верховна Рада ухвалила бюджет на 2026 рік.",
        "Die Werchowna Rada hat den Haushalt für 2026 verabschiedet.",
    ),
    (
        "ru",
        "В НАТО заявили о поддержке Украины.",
        "Die NATO erklärte ihre Unterstützung für die Ukraine.",
    ),
    (
        "uk",
        "У НАТО заявили про підтримку України.",
        "Die NATO erklärte ihre Unterstützung für die Ukraine.",
    ),
    (
        "ru",
        "Россия атаковала энергетическую инфраструктуру.",
        "Russland hat die Energieinfrastruktur angegriffen.",
    ),
    (
        "uk",
        "Росія атакувала енергетичну інфраструктуру.",
        "Russland hat die Energieinfrastruktur angegriffen.",
    ),
    (
        "ru",
        "Обмен пленными состоялся в четверг.",
        "Der Gefangenenaustausch fand am Donnerstag statt.",
    ),
    (
        "uk",
        "Обмін полоненими відбувся в четвер.",
        "Der Gefangenenaustausch fand am Donnerstag statt.",
    ),
    ("ru", "Министр обороны посетил передовую.", "Der Verteidigungsminister besuchte die Front."),
    ("ru", "Количество пострадавших возросло до 12.", "Die Zahl der Verletzten stieg auf 12."),
    ("uk", "Кількість постраждалих зросла до 12.", "Die Zahl der Verletzten stieg auf 12."),
    (
        "ru",
        "Школы переходят на дистанционное обучение.",
        "Die Schulen stellen auf Fernunterricht um.",
    ),
    (
        "ru",
        "Спасатели работают на месте происшествия.",
        "Die Rettungskräfte sind am Unfallort im Einsatz.",
    ),
    ("uk", "Рятувальники працюють на місці події.", "Die Rettungskräfte sind am Einsatzort tätig."),
    ("ru", "Курс доллара вырос на межбанке.", "Der Dollarkurs ist am Interbankenmarkt gestiegen."),
    (
        "ru",
        "Зеленский заявил, что помощь придет вовремя.",
        "Selenskyj erklärte, die Hilfe werde rechtzeitig kommen.",
    ),
    (
        "uk",
        "Зеленський заявив, що допомога прийде вчасно.",
        "Selenskyj erklärte, die Hilfe werde rechtzeitig kommen.",
    ),
    ("ru", "Встреча прошла в Харькове.", "Das Treffen fand in Charkiw statt."),
    ("uk", "Зустріч відбулася в Харкові.", "Das Treffen fand in Charkiw statt."),
    ("ru", "Путин выступил с обращением.", "Putin hielt eine Ansprache."),
    ("ru", "Лавров прибыл в Анкару.", "Lawrow ist in Ankara eingetroffen."),
    ("uk", "Умєров прибув до Стамбула.", "Umjerow ist in Istanbul eingetroffen."),
    ("ru", "Мерц и Макрон встретились в Берлине.", "Merz und Macron trafen sich in Berlin."),
    ("ru", "Трамп позвонил Зеленскому.", "Trump rief Selenskyj an."),
    ("uk", "Трамп зателефонував Зеленському.", "Trump rief Selenskyj an."),
    ("ru", "Жители Одессы остались без воды.", "Die Einwohner von Odessa waren ohne Wasser."),
    ("ru", "В Киеве прозвучали взрывы.", "In Kiew waren Explosionen zu hören."),
    ("uk", "У Києві пролунали вибухи.", "In Kiew waren Explosionen zu hören."),
    (
        "ru",
        "Кличко призвал киевлян оставаться в укрытиях.",
        "Klitschko rief die Kiewer auf, in den Schutzräumen zu bleiben.",
    ),
    (
        "ru",
        "Погода будет солнечной, сообщили синоптики.",
        "Das Wetter wird sonnig, teilten die Meteorologen mit.",
    ),
    (
        "uk",
        "Погода буде сонячною, повідомили синоптики.",
        "Das Wetter wird sonnig, teilten die Meteorologen mit.",
    ),
    (
        "ru",
        "Суд арестовал имущество чиновника.",
        "Das Gericht hat das Vermögen des Beamten beschlagnahmt.",
    ),
    (
        "uk",
        "Суд заарештував майно посадовця.",
        "Das Gericht hat das Vermögen des Beamten beschlagnahmt.",
    ),
    (
        "ru",
        "Украина получит еще одну систему Patriot.",
        "Die Ukraine erhält ein weiteres Patriot-System.",
    ),
    (
        "uk",
        "Україна отримає ще одну систему Patriot.",
        "Die Ukraine erhält ein weiteres Patriot-System.",
    ),
    (
        "ru",
        "Сумма помощи составила 1,5 млрд евро.",
        "Die Hilfe belief sich auf 1,5 Milliarden Euro.",
    ),
    (
        "ru",
        "Рим примет конференцию по восстановлению.",
        "Rom wird die Wiederaufbaukonferenz ausrichten.",
    ),
    ("ru", "Белый дом прокомментировал заявление.", "Das Weiße Haus kommentierte die Erklärung."),
    ("uk", "Білий дім прокоментував заяву.", "Das Weiße Haus kommentierte die Erklärung."),
    (
        "ru",
        "Харьковский университет возобновил занятия.",
        "Die Universität Charkiw hat den Unterricht wieder aufgenommen.",
    ),
    (
        "ru",
        "Киевский метрополитен работает в режиме укрытия.",
        "Die Kiewer U-Bahn dient als Schutzraum.",
    ),
    (
        "uk",
        "Київський метрополітен працює в режимі укриття.",
        "Die Kiewer U-Bahn dient als Schutzraum.",
    ),
    (
        "ru",
        "Глава МИД Турции Хакан Фидан прибыл в Москву.",
        "Der türkische Außenminister Hakan Fidan ist in Moskau eingetroffen.",
    ),
    ("ru", "Будапешт заблокировал решение.", "Budapest hat die Entscheidung blockiert."),
    ("uk", "Будапешт заблокував рішення.", "Budapest hat die Entscheidung blockiert."),
    ("ru", "Вашингтон ожидает ответа Москвы.", "Washington erwartet eine Antwort Moskaus."),
    (
        "ru",
        "Ким Чен Ын направил войска в Россию.",
        "Kim Jong Un hat Truppen nach Russland geschickt.",
    ),
    (
        "ru",
        "Прокуратура открыла уголовное производство.",
        "Die Staatsanwaltschaft hat ein Strafverfahren eingeleitet.",
    ),
    (
        "uk",
        "Прокуратура відкрила кримінальне провадження.",
        "Die Staatsanwaltschaft hat ein Strafverfahren eingeleitet.",
    ),
]


def main() -> int:
    cases: list[dict[str, str]] = []

    def add(kind: str, lang: str, src: str, mt: str, expected: str) -> None:
        cases.append(
            {
                "id": f"{kind}-{len(cases) + 1:03d}",
                "src_lang": lang,
                "src": src,
                "mt": mt,
                "expected": expected,
            }
        )

    for ru_loc, uk_loc, variants, house in PLACES:
        for variant in variants:
            mt = f"Am Morgen waren in {variant} Explosionen zu hören."
            expected = f"Am Morgen waren in {house} Explosionen zu hören."
            add("place", "ru", f"Утром {ru_loc} прогремели взрывы.", mt, expected)
            add("place", "uk", f"Вранці {uk_loc} пролунали вибухи.", mt, expected)
    for ru_adj, uk_adj, phrases in OBLASTS:
        for engine, expected in phrases:
            add(
                "oblast",
                "ru",
                f"Атака дронов в {ru_adj} области.",
                f"Drohnenangriff {engine}.",
                f"Drohnenangriff {expected}.",
            )
            add(
                "oblast",
                "uk",
                f"Атака дронів у {uk_adj} області.",
                f"Drohnenangriff {engine}.",
                f"Drohnenangriff {expected}.",
            )
    for ru_name, uk_name, feminine, full, surname in PERSONS:
        said_ru, said_uk = ("заявила", "заявила") if feminine else ("заявил", "заявив")
        for engine, expected in full:
            add(
                "person",
                "ru",
                f"{ru_name} {said_ru} об этом в четверг.",
                f"{engine} sagte dies am Donnerstag.",
                f"{expected} sagte dies am Donnerstag.",
            )
            add(
                "person",
                "uk",
                f"{uk_name} {said_uk} про це в четвер.",
                f"{engine} sagte dies am Donnerstag.",
                f"{expected} sagte dies am Donnerstag.",
            )
        for engine, expected in surname:
            ru_surname, uk_surname = ru_name.split()[-1], uk_name.split()[-1]
            add(
                "person",
                "ru",
                f"Как {said_ru} {ru_surname}, переговоры продолжатся.",
                f"Wie {engine} erklärte, werden die Verhandlungen fortgesetzt.",
                f"Wie {expected} erklärte, werden die Verhandlungen fortgesetzt.",
            )
            add(
                "person",
                "uk",
                f"Як {said_uk} {uk_surname}, переговори триватимуть.",
                f"Wie {engine} erklärte, werden die Verhandlungen fortgesetzt.",
                f"Wie {expected} erklärte, werden die Verhandlungen fortgesetzt.",
            )
    for lang, src, mt, expected in GENITIVES:
        add("genitive", lang, src, mt, expected)
    for lang, src, mt, expected in COMBINED:
        add("combined", lang, src, mt, expected)
    for lang, src, mt in UNCHANGED:
        add("unchanged", lang, src, mt, mt)
    with open(TARGET, "w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    unchanged = sum(c["mt"] == c["expected"] for c in cases)
    print(f"{len(cases)} cases ({unchanged} unchanged) → {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
