"""The German word lists the sentence rules consult: abbreviations, months, ordinal cues.

Written by hand from general knowledge of German news text (no list is derived from the
evaluation data), as whitespace-separated words so they are easy to read and edit.
"""

from __future__ import annotations


def _words(spaced: str) -> frozenset[str]:
    """A word list written as whitespace-separated words (easier to read and edit)."""
    return frozenset(spaced.split())


# Abbreviations that never end a sentence: titles, academic degrees, and short forms that are
# always followed by more of the sentence (`vgl.`, `bzw.`, `ca.`). Written as in running text;
# a capitalised token is also looked up with a lowercase first letter (`Vgl.` at the start).
ABBREVIATIONS = _words(
    """
    Dr Prof Dipl Ing Mag Hr Hrn Fr Fa St Hl Pfr Gebr Präs Vors Stellv stellv Abg Bgm Kfm
    Mr Mrs Ms Sgt Capt Gov Sen Rep vs Lkr Gde Bez Reg
    med jur phil rer nat pol oec dent vet habil techn wiss
    bzw vgl ca ggf evtl sog inkl exkl zzgl abzgl bzgl insb einschl gem lt gegr geb gest verh
    verw zit urspr allg bes bspw ehem eigtl entspr zw max min mind rd tägl jährl monatl
    kath ev evang röm griech dt engl frz franz ital span russ amerik österr schweiz Bsp Str
    """
)
# Abbreviations that only stand before a number (`Nr. 7`, `Art. 5`, `S. 4`); some are also
# words (`Art`), so before anything else they are treated as ordinary words.
NUMBER_ABBREVIATIONS = _words("Nr Art Abs Az Bd Kap Ziff Abb Tab Tel Rn Aufl Jg Hft")
# Abbreviations that often close a sentence: after them, any capitalised word starts a new one.
FINAL_ABBREVIATIONS = _words("usw etc usf ff u.ä o.ä u.v.m u.ä.m")
# Units, months and name suffixes that may end a sentence (`12 Mio.`) but usually go on
# (`12 Mio. Euro`): they split only before a word that typically opens a sentence.
UNIT_ABBREVIATIONS = _words(
    """
    Mio Mrd Tsd Mill Min Std Sek Pkt Jh Jhd Jhdt Chr Co Inc Corp Ltd Jr Sr jr sen jun Hbf Bhf Hrsg
    Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez
    """
)
# Capitalised words that typically open a German sentence: articles, pronouns, sentence
# adverbs and conjunctions, and prepositions that start adverbials.
SENTENCE_OPENERS = _words(
    """
    Der Die Das Dem Den Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ich Du Ihr Man
    Dies Diese Dieser Dieses Diesen Jeder Jede Alle Viele Einige Mehr Auch Aber Doch Und Oder
    Dann Danach Davor Dabei Damit Dazu Daher Darauf Darüber Dafür Dagegen Davon Deshalb Dennoch
    Trotzdem Allerdings Außerdem Zudem Jedoch Nun Noch So Somit Insgesamt Zuvor Bisher Derzeit
    Jetzt Heute Gestern Zugleich Gleichzeitig Hinzu Seitdem Wie Was Wer Wo Wann Warum Als Wenn
    Weil Ob Obwohl Nachdem Während Im Am In Bei Nach Mit Für Auf Laut Vor Seit Zum Zur Unter Über
    """
)
# Month names and their abbreviations: a number before one is a day (`am 3. Oktober`).
MONTHS = _words(
    """
    Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November
    Dezember Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez
    """
)
# Nouns that usually follow an ordinal number (`im 19. Jahrhundert`, `zum 2. Mal`).
ORDINAL_NOUNS = _words(
    """
    Jahrhundert Jahrhunderts Jahrtausend Jahrestag Jahrestags Geburtstag Geburtstags Todestag
    Todestags Mal Platz Rang Runde
    Spieltag Liga Bundesliga Klasse Stock Stockwerk Etage Stelle Auflage Kapitel Halbzeit
    Etappe Quartal Halbjahr Amtszeit Legislaturperiode FC FSV SC Jh Jhd
    """
)
# Words before a number that make it an ordinal: articles, contracted prepositions,
# possessives and demonstratives (`der 5. Platz`, `am 3.`, `ihr 3. Sieg`). Lowercase.
ORDINAL_CUES = _words(
    """
    der die das den dem des am im vom zum zur beim ins ans aufs ein eine einen einem einer eines
    sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser unsere unseren
    unserem unseres mein meine meinen meinem meines dein deine deren dessen
    dieser diese diesen diesem dieses
    jeder jede jeden jedem jedes
    """
)
# Words a line cannot end with unless the sentence goes on: articles, prepositions,
# conjunctions and determiners. A line break after one of them is a soft wrap. Lowercase.
CONTINUATION_WORDS = _words(
    """
    der die das den dem des ein eine einen einem einer eines
    an auf aus bei bis durch für gegen hinter in im am ins mit nach neben ohne seit über um
    unter von vom vor während wegen zu zum zur zwischen trotz laut gemäß sowie
    und oder aber sondern denn dass ob wenn weil als wie bzw
    dieser diese diesen diesem dieses jeder jede jeden jedem jedes alle allen aller
    andere anderen anderer anderes einige einigen mehrere viele vielen wenige manche beide
    beiden kein keine keinen keinem keiner sein seine seinen seinem seiner ihr ihre ihren
    ihrem ihrer unser unsere deren dessen welche welcher welches sehr
    """
)
