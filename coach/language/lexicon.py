"""The word lists `hearing` reads answers with: plain data, one list per idea.

Words are as `tokens.normalise` gives them (lower case, contractions spelled out, so "didn't" is
"did not" and "im" is "i am"), written without squeezing repeated letters. Phrases are words
joined by spaces. To teach the coach a new way reps say something, add it to the list here; the
tests in tests/test_hearing.py and the corpus in tests/answer_corpus/ say whether it helped.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.split()) for line in text.strip().splitlines() if line.strip())


NONANSWERS = _phrases("""
have not thought about it
not thought about it
i have not thought about it
there is not one
there is no lesson
not a single thing
none that i can see
it was a blur
no idea why
not sure yet
eh
nothing new
nothing
nothin
nuthin
nothign
none
nada
zilch
zip
squat
nil
zero
0
no
nope
nah
na
n a
idk
idek
dunno
dno
pass
skip
whatever
same
blank
nothing really
really nothing
nothing much
not much
not a lot
not a thing
not one thing
not anything
not really
nothing at all
nothing whatsoever
none whatsoever
nothing good
nothing positive
nothing useful
nothing worth mentioning
nothing to report
nothing to say
nothing comes to mind
nothing went well
nothing went right
nothing worked
nothing to take
nothing to take away
no idea
no clue
no freaking idea
not sure
unsure
no win
no wins
no small win
no small wins
zero wins
no lesson
no lessons
no plan
no comment
not today
not this time
no answer
who knows
god knows
beats me
drawing a blank
mind is blank
my mind is blank
i do not know
do not know
i dunno
i have no idea
i have no clue
i am not sure
not a clue
no freaking clue
i can not think of anything
can not think of anything
can not think of one
i can not think of one
can not think
i got nothing
got nothing
i have got nothing
there was nothing
there is nothing
there was not one
there was not any
there were none
there was none
nothing from that
nothing from that call
nothing from it
nothing from this one
nothing on that call
same as before
same as always
see above
no thanks
not applicable
""")
"""Whole answers (or a whole first clause) that say nothing was there, or that the rep doesn't
know. Fillers around them (`FILLERS`) do not change that: "honestly nothing tbh"."""

STRONG_NONANSWERS = _phrases("""
have not thought about it
not thought about it
i have not thought about it
there is not one
there is no lesson
not a single thing
none that i can see
it was a blur
no idea why
not sure yet
eh
nothing new
nothing
nothin
nuthin
none
nada
zilch
idk
idek
dunno
no idea
no clue
not sure
no wins
no win
zero wins
not a thing
not a single thing
not one thing
nothing really
really nothing
nothing at all
nothing comes to mind
can not think of anything
can not think of one
i can not think of anything
i can not think of one
there was nothing
there is nothing
there is not one
there was not one
there is no
there was no
i have no idea
i do not know
do not know
could not tell you
can not tell you
""")
"""Non-answers that keep saying nothing when words follow in the same breath ("no idea what to
do differently", "none that I can see"), unless a hedge or a contrast brings content."""

REFUSALS = _phrases("""
whatever
do not want to talk about it
i do not want to talk about it
not going into it
i am not going into it
rather not say
i would rather not say
leave it
skip it
not now
could not tell you
can not tell you
do not care
i do not care
who cares
""")
"""Declining to answer: a non-answer, and not a neutral one."""

NOTHING_BUT = frozenset({
    "dramatic", "big", "special", "major", "new", "huge", "crazy", "fancy", "unusual", "weird",
    "serious", "massive", "spectacular", "amazing", "great", "much",
})
"""Words that make "nothing ..." a description, not a non-answer: "nothing dramatic"."""

HEDGES = frozenset({"maybe", "perhaps", "probably", "possibly", "guess", "but", "though",
                    "although", "except", "apart", "besides", "however", "still", "least"})
"""Words that bring an answer after "idk" or "nothing": "idk the intro maybe"."""

FILLERS = _phrases("""
honestly
honest
tbh
to be honest
ngl
not going to lie
um
umm
uh
erm
er
hmm
hm
well
so
like
just
really
literally
genuinely
absolutely
actually
truly
totally
ok
okay
k
yeah
yea
yep
yes
mate
man
dude
bro
lol
lmao
haha
ugh
urgh
sigh
oof
i guess
i think
i suppose
i mean
today
this time
at all
whatsoever
sadly
unfortunately
again
either
tho
though
to be fair
tbf
lesson
the lesson
win
a win
my win
yet
sorry
eh
meh really
lol
really though
of course
obviously
""")
"""Lead-ins and tails that carry no content of their own."""

CONTENT_OPENERS = frozenset({
    "but", "except", "apart", "other", "besides", "although", "maybe", "perhaps", "still",
    "though", "however", "at", "probably", "possibly", "unless", "only",
})
"""A later clause that opens with one of these adds something after a non-answer:
"nothing, but I got the email" names a win; "nothing, he hung up" does not."""

NEGATORS = frozenset({
    "not", "no", "never", "hardly", "barely", "without", "nor", "neither", "nobody", "nothing",
    "none", "cannot",
})
"""Words that turn round what follows in their clause ("not bad", "didn't completely choke")."""

NEGATION_STOPS = frozenset({"and", "but", "because", "though", "although", "then", "yet",
                            "while", "when", "after", "before", "or"})
"""Words that end a negation's reach: "no meeting and he was rude" keeps "rude" rude."""

NEGATION_REACH = 3
"""How many words after a negator it still turns round."""

NEGATIVE = _words("""
bad awful terrible horrible horrendous dreadful shit shitty crap crappy rubbish garbage trash
sucked sucks suck sucky hate hated hating angry mad pissed furious fuming livid annoyed
annoying frustrated frustrating frustration irritated irritating gutted crushed sad down
deflated drained exhausted tired knackered flat numb embarrassed embarrassing humiliated
humiliating ashamed shame cringe cringey cringy awkward anxious nervous worried scared stressed
stressful dread dreading rude jerk asshole arsehole prick dick douche idiot stupid moron dumb
useless hopeless pathetic failure failed fail failing loser worst mess messed screwed blew
bombed choke choking choked fumbled stumbled rambled rushed froze frozen panicked panic disaster brutal rough
tough hard painful hurt hurts stings stung ugh fml ffs wtf wasted waste pointless ridiculous
unfair hostile aggressive yelled screamed shouted snapped swore cursed mocked dismissive
condescending rejected rejection ignored ghosted miserable depressing demoralising
demoralizing harsh nasty mean wrong mistake mistakes regret blah lame grim dire slammed damn
fucking fuck fucked argh disappointing disappointed disappointment letdown lost missed blanked
tanked flopped stuck confused lousy weak clueless worse upset hurtful insulting insulted
belittled patronising patronizing cold abrupt short curt blunt bitter defeated discouraged
worthless incompetent fraud joke clown crash crashed burned burnt terrified hopelessly
overwhelmed sick sigh dying died dead kill killed killing sore no knob hell nightmare lied
liar bs bullshit cheap lazy dinosaur ignorance ignorant smug nerve disgusted disgusting
parasite scum spite pushover waffled waffle forgot blank desperate freeze shake shaky shaking
scammer tool muppet clown nervous teenager annoying grunting stressd tierd crappy hopeless
cringe sucked garbage embarrassment kicked brushed bounced stonewalled dreading scary hates
sigh meltdown pointless horrid vile toxic savage disrespectful aggro snippy snarky prat wanker
twat bellend tosser dickhead jackass pos trash crook fed gross sour awful terrible mortified
deflating crushing soul burnt shattered broken miserable wrecked fried rattled shook gutting
""")
"""Words that carry a bad feeling or a harsh judgement."""

POSITIVE = _words("""
good great nice fine happy glad proud pleased relieved calm confident better best excellent
amazing awesome fantastic brilliant wonderful lovely friendly polite helpful interested engaged
warm positive solid strong smooth win won winning booked landed progress learned learnt thanks
thank appreciated respect respectful patient nailed enjoyed enjoy fun love loved  keen
hopeful optimistic decent alright cool managed recovered rapport connected agreed yes
well okay ok pleasant productive useful valuable success successful succeeded steady composed
curious  warmer receptive    chuffed stoked buzzing encouraging encouraged
grateful progressing improving improved perfect super chill natural rapport callback
  polite     proud nailed better positive
productive progress
""")
"""Words that carry a good feeling or a kind judgement."""

WEAK = frozenset({"fine", "ok", "okay", "alright", "well", "yes", "no", "down", "hard",
                  "cold", "short", "dead", "kill", "killed", "killing", "sore", "lost", "tool",
                  "interesting", "laughed", "smiled", "teenager", "kind", "fed"})
"""Words that count for half: they are as often plain description as feeling."""

NEUTRAL_PHRASES = _phrases("""
not interested
no thanks
slow down
slowing down
brush off
wrong person
short call
freeze on
bounced to voicemail
not my fault
sent to voicemail
no budget
""")
"""Words that look like feeling but are plain call facts here ("slow down" is a plan)."""

SPELLINGS = {
    "shoudl": "should", "shud": "should", "teh": "the", "alwyas": "always", "wat": "what",
    "becuase": "because", "beacuse": "because", "definately": "definitely", "recieve": "receive",
    "recieved": "received", "thru": "through", "tho": "though", "nxt": "next", "prolly": "probably",
    "proabbly": "probably", "mabye": "maybe", "dunno": "dunno", "coz": "because", "cos": "because",
    "intrested": "interested", "interupting": "interrupting", "tierd": "tired", "stressd": "stressed",
    "frustating": "frustrating", "embarassed": "embarrassed", "embarassing": "embarrassing",
    "wierd": "weird", "realy": "really", "rly": "really", "acutally": "actually", "nothign": "nothing",
}
"""Common slips of fast typing, read as the word meant."""
SPELLINGS_SPLIT = {typed: tuple(meant.split()) for typed, meant in SPELLINGS.items()}

PHRASES_NEGATIVE = _phrases("""
should have
should not have
not even let me finish
not let me finish
lose my temper
lost my temper
on purpose
no want to listen
not want to listen
not listening
not understand
switched off
not competitive
cutting out
waste energy
slammed the phone
cut me off
talked over me
laughed at me
went badly
piece of work
control freak
power tripping
signed with a competitor
went with a competitor
who does that
too fast
shut up
where to stick it
waste of space
on my back
breathing down my neck
no sale
from hell
could not be worse
could not have gone worse
could not have gone much worse
got hung up on
got yelled at
got told off
got shut down
got nothing
got rejected
not cut out
went wrong
fell apart
fell flat
blew it
messed up
screwed up
my fault
waste of time
no meeting
got nowhere
shut me down
shot down
brushed off
""")
"""Judgements and bad turns whatever words surround them. Plain events ("he hung up", "she
said no") are not here: a rep reporting them flatly is not judging anyone (see `EVENTS`)."""

EVENTS = _phrases("""
hung up
hang up
hangs up
hanging up
another no
said no
not interested
voicemail
no meeting
hung up on me
""")
"""Bad news told flatly: neutral on its own, but the bad news that sarcasm is about."""

PHRASES_POSITIVE = _phrases("""
went well
at least
got a
got an
got the
got his
got her
got their
got him
got them
got some
got past
got thru
got to the
found out
managed to
finally
not a hard no
agreed to
said yes
direct line
direct number
i will live
still in the game
lesson learned
follow up
callback time
callback request
not nothing
kept my cool
stayed calm
booked a meeting
got a meeting
got a callback
crushed it
killed it
nailed it
got through
""")
"""Good news and gains ("got the direct line"; "killed it" is praise here, not violence)."""

SARCASM_MARKERS = _phrases("""
yeah right
yeah sure
oh sure
sure thing
sure jan
as if
said no one ever
said nobody ever
love that for me
living the dream
just what i needed
exactly what i needed
another day in paradise
just perfect
just great
just brilliant
just fantastic
just wonderful
oh great
oh joy
oh goody
oh yay
oh wonderful
oh fantastic
oh brilliant
what a joy
what a treat
thanks a lot
thanks for nothing
best day ever
best call ever
best call of my life
highlight of my day
highlight of my week
my favourite thing
my favorite thing
so much fun
such fun
a real joy
could not be better
""")
"""Phrases that say the opposite of what they mean, wherever they stand in the answer."""

INTERJECTIONS = _words("""
great fantastic wonderful brilliant perfect awesome lovely amazing super terrific marvellous
marvelous splendid nice cool sweet excellent fab fabulous fun yay hooray woohoo joy superb
outstanding delightful incredible
""")
"""Praise words that, standing alone before bad news, are sarcasm ("great, another no")."""

IRONY = _words("""
great fantastic wonderful brilliant perfect awesome lovely amazing super terrific marvellous
splendid excellent fabulous superb outstanding delightful incredible triumph thrilled charming
stellar reasonable highlight peachy productive educational fascinating delighted ecstatic
thrilling riveting glorious magical loves adores loved brilliantly wonders
""")
"""Praise strong enough that, set against bad news with no "but", it is usually irony."""

IRONIC_TAILS = _phrases("""
obviously
clearly
as always
of course
as usual
lol
""")
"""Endings that wink: "a triumph obviously", "too charming lol"."""

INTERJECTION_LEADS = frozenset({"oh", "just", "well", "yeah", "wow", "so", "how", "really",
                                "absolutely", "simply", "truly", "very", "sooo", "soo", "ah",
                                "ahh", "what", "a", "totally", "and"})

SELF_WORDS = frozenset({"i", "me", "my", "myself", "mine"})
PROSPECT_WORDS = _words("""
he she they him her them his their theirs prospect prospects gatekeeper gatekeepers gk
receptionist assistant pa guy guys lady woman man dude bloke fella chap client clients customer
buyer buyers dm ceo cfo cto coo cmo vp director owner founder procurement person caller
decision-maker lead
""")
OTHER_WORDS = _words("""
manager boss lead supervisor management leads list data crm dialer dialler script product
pricing price marketing territory economy market quota targets target hr colleague colleagues
coworker coworkers teammate teammates team company sdr sdrs ae director's admin system tool
tools software leadership
""")
"""Who a judgement is about: the rep, the prospect's side, or someone or something else.
"my manager" and "our pricing" are someone else; "their manager" is the prospect's side."""

INSULTS = _words("""
jerk asshole arsehole prick dick douche rude idiot moron dumb clueless hostile aggressive
condescending patronising patronizing dismissive nasty mean cold abrupt curt blunt arrogant
smug impatient unprofessional yelled screamed shouted snapped swore cursed mocked laughed
""")
"""Judgements that are about how someone behaved: aimed at whoever the clause is about, the
prospect when it names nobody ("what a jerk")."""

FEELINGS = _words("""
angry mad pissed furious fuming livid annoyed frustrated irritated gutted crushed sad down
deflated drained exhausted tired knackered flat numb embarrassed humiliated ashamed anxious
nervous worried scared stressed upset disappointed happy glad proud pleased relieved calm
confident hopeful optimistic chuffed stoked buzzing grateful overwhelmed defeated discouraged
""")
"""Feelings name a state, not a target: "I'm gutted" blames nobody; "pissed off at him" does."""

LABELS = _words("""
idiot moron failure loser useless hopeless pathetic stupid dumb incompetent worthless joke
fraud clown disaster mess embarrassment fake imposter impostor terrible rubbish crap awful
bad hopeless garbage trash waste liability amateur
""")
"""Names and traits a rep calls themself after a bad call ("I'm an idiot", "such a loser")."""

LABEL_LEADS = _phrases("""
i am
i am a
i am an
i am such a
i am such an
i am so
i am just
i am just a
i am just an
i am the
i am a total
i am a complete
i am an absolute
i am totally
i am completely
i am really
i am literally
i am officially
i feel like a
i feel like an
i feel like such a
i am clearly
such a
such an
what a
what an
""")
"""The words before a label when the rep applies it to themself."""

PERFORMANCE = _words("""
talked talking rambled rambling waffled forgot blanked froze rushed stumbled fumbled panicked
messed choked handled built kept stayed asked pushed pitched listened used sounded sound
opener intro pitch close closing delivery tone voice questions
""")
"""Words about how the call was run: with the rep as its subject, a judgement about the rep
("I talked too fast", "my opener felt natural"); plain plans ("I will ask first") are not."""

PRAISE_OF_PEOPLE = _words("""
kind polite friendly chill nice lovely helpful patient warm receptive pleasant respectful
decent sound genuine
""")
"""Praise that is about a person ("the gatekeeper was kind"), not about how things turned out."""

SELF_BLAME = _phrases("""
should have
should not have
lose my temper
lost my temper
too fast
shut up
my fault
messed up
screwed up
blew it
""")
PROSPECT_BLAME = _phrases("""
not even let me finish
not let me finish
on purpose
not listening
no want to listen
not want to listen
switched off
piece of work
control freak
power tripping
from hell
where to stick it
hung up on me
who hangs up
""")
"""Blame with a target of its own, whoever the sentence names first."""

NOT_SUBJECTS = _phrases("""
i guess
i think
i mean
i swear
i suppose
for me
i reckon
""")
"""First-person words that only soften a sentence: they do not make it about the rep."""

REPORTING_VERBS = _words("""
said says say saying told tells tell goes went asked asks replied replies responded yelled
screamed shouted snapped mentioned claimed claims insisted explained reckons reckoned
answered barked muttered whined calling called apparently
""")
"""Verbs that introduce someone's words: "she said we were too pricey", "he goes, not now"."""

LONG_WORDS = 40
"""An answer longer than this is a paste: not echoed whole."""
