"""Fictional, non-identifying content for the demo plans (one per demo child)."""

DEMO_PLANS = {
    "Leo": {
        "template": "attachment-primary",
        "title": "Leo's attachment support plan",
        "sections": {
            "about-me": {
                "text": (
                    "My name is Leo and I'm in Year 5. I live with Jo and our dog, Biscuit. "
                    "I love building things, dinosaurs and football, and I'm really good at drawing "
                    "sharks.\n\n"
                    "I like it when Mr Reilly meets me at the door in the morning and asks "
                    "about Biscuit. I like knowing what is happening all day, so I like "
                    "looking at my timetable.\n\n"
                    "I find it hard when there is a different teacher, when it's really "
                    "noisy in the hall, and when I get something wrong in front of "
                    "everyone. Sometimes I laugh when I'm actually worried.\n\n"
                    "I want grown-ups to know that I'm trying my best, and that if I run "
                    "off it's because I feel scared inside, not because I don't like you."
                )
            },
            "strengths": {
                "text": (
                    "Leo is a brilliant artist. His shark and dinosaur drawings are full of "
                    "detail, and he loves being asked to draw something for a class display.\n\n"
                    "He is kind and gentle with younger children. He reads to a Reception "
                    "buddy on Tuesdays and is proud of this job.\n\n"
                    "Leo knows a huge amount about dinosaurs and the sea, and lights up "
                    "when an adult is curious about what he knows. He has a great sense of "
                    "humour and often notices when a friend is sad."
                )
            },
            "my-adults": {
                "rows": [
                    {
                        "name": "Mr Tom Reilly (class teaching assistant)",
                        "role": "key_adult",
                        "available": "Every day from 8.45 at the classroom door. In Year 5 most of the day, and on lunch duty on Mondays and Wednesdays.",
                        "how_helps": "Meets Leo at the door, checks in after break and lunch, co-regulates with him when he is worried and goes with him to the nurture room.",
                        "contact": "Through the Year 5 class teacher or the school office.",
                    },
                    {
                        "name": "Mrs Karen Bell (learning mentor)",
                        "role": "backup_adult",
                        "available": "Every day. Covers the morning check-in when Mr Reilly is away.",
                        "how_helps": "Knows Leo's plan and his calm-down things. Runs the nurture group he goes to on Tuesday and Thursday afternoons.",
                        "contact": "Through the school office.",
                    },
                    {
                        "name": "Ms Amira Shah (designated teacher)",
                        "role": "other",
                        "available": "Most days; meets Jo and Leo's social worker each term for his PEP.",
                        "how_helps": "Owns this plan, keeps it up to date and makes sure all staff, including lunchtime and supply staff, have Leo's one-page card.",
                        "contact": "Through the school office.",
                    },
                    {
                        "name": "Jo Hughes (foster carer)",
                        "role": "other",
                        "available": "At drop-off and pick-up, and by phone during the day.",
                        "how_helps": "Knows Leo best. Lets school know about his night and morning, and talks him through changes at home.",
                        "contact": "Home–school book every day; phone for anything important.",
                    },
                ]
            },
            "developmental-age": {
                "rows": [
                    {
                        "area": "emotional",
                        "age": 4.5,
                        "meaning": "Leo needs an adult close by to help him name his feelings and calm down. When he is worried he may seem younger still.",
                    },
                    {
                        "area": "social",
                        "age": 6,
                        "meaning": "Leo finds turn-taking, losing and sharing hard without an adult nearby. Pair work with a chosen partner works better than open group work.",
                    },
                    {
                        "area": "sensory",
                        "age": 5,
                        "meaning": "Loud, busy spaces overwhelm Leo quickly. He needs movement breaks and a quiet place to work when the class is noisy.",
                    },
                    {
                        "area": "learning",
                        "age": 8,
                        "meaning": "Leo can do most Year 5 work when it is broken into small steps with a clear example of what finished looks like.",
                    },
                    {
                        "area": "language",
                        "age": 7,
                        "meaning": "Leo takes in one or two short instructions at a time. Check quietly that he has understood rather than asking in front of the class.",
                    },
                ]
            },
            "triggers": {
                "rows": [
                    {
                        "trigger": "A supply teacher or an unexpected change to the day",
                        "signs": "Asks 'what's happening next?' again and again, follows Mr Reilly around, gets silly.",
                        "helps": "Tell Leo at the door who will be teaching him, and show the change on his visual timetable. Mr Reilly stays close for the first part of the morning.",
                    },
                    {
                        "trigger": "Getting something wrong or being corrected in front of the class",
                        "signs": "Laughs, says 'I don't care', screws up his work or hides under the table.",
                        "helps": "A quiet word at his desk. Name the feeling first ('that felt embarrassing, didn't it?') and then help him fix it. Never ask him to explain himself in front of others.",
                    },
                    {
                        "trigger": "Noisy, crowded places: assembly, the dinner hall, wet play",
                        "signs": "Covers his ears, pushes in the line, gets louder and more restless.",
                        "helps": "Leo goes into assembly last and sits at the end of a row with an adult nearby. He eats lunch in the first sitting and can choose the quiet table.",
                    },
                    {
                        "trigger": "Mr Reilly being away",
                        "signs": "Unsettled from the start of the day, keeps asking where Mr Reilly is.",
                        "helps": "Mrs Bell meets Leo at the door, tells him Mr Reilly is away and when he'll be back, and does his check-in.",
                    },
                ]
            },
            "stress-stages": {
                "stages": {
                    "calm": {
                        "looks_like": "Chatty, drawing, joining in, asking for help when he's stuck, laughing with friends.",
                        "helps": "Keep the routine steady. Quiet, specific praise ('I noticed how carefully you drew that'). Regular check-ins with Mr Reilly.",
                        "avoid": "Big public praise or certificates in assembly without warning him first.",
                    },
                    "anxious": {
                        "looks_like": "Humming, tapping, swinging on his chair, wandering to the sharpener, asking the same question again and again.",
                        "helps": "Mr Reilly comes close and wonders aloud ('I wonder if something's worrying you'). Offer a job, a movement break or his fidget.",
                        "avoid": "Telling him to sit still or ignoring it and hoping it will pass.",
                    },
                    "escalating": {
                        "looks_like": "Shouting out, refusing, saying unkind things, throwing pencils, going under the table.",
                        "helps": "One calm adult, few words, soft voice. Offer two choices: 'Nurture room or library with me?' Move the other children on rather than moving Leo.",
                        "avoid": "Several adults at once, raised voices, counting down, or warnings about losing golden time.",
                    },
                    "crisis": {
                        "looks_like": "Leo may run out of the classroom, hide, or kick out at furniture. He is frightened and cannot think clearly.",
                        "helps": "Keep everyone safe. Mr Reilly (or Mrs Bell) stays nearby and says very little: 'I'm here. You're safe. I'm staying with you.' The class teacher sends for the back-up adult.",
                        "avoid": "Chasing him, touching him unless he is in danger, asking questions, or talking about what happened yet.",
                    },
                    "recovery": {
                        "looks_like": "Tired, teary, very quiet, or acting as if nothing happened. He may want to sit close to an adult.",
                        "helps": "A drink, a snack and drawing in the nurture room with Mr Reilly. Later, a short repair chat or a drawing about what happened. Then a fresh start.",
                        "avoid": "Lecturing, missing break or golden time, or bringing it up again in front of the class or at the gate.",
                    },
                }
            },
            "safe-spaces": {
                "rows": [
                    {
                        "place": "Calm corner in the Year 5 classroom",
                        "use": "chosen",
                        "who": "Leo on his own, with Mr Reilly checking in.",
                        "what": "Beanbag, weighted cushion, shark fidget toy, drawing pad and a feelings chart.",
                    },
                    {
                        "place": "Nurture room",
                        "use": "timetabled",
                        "who": "Mrs Bell and a small group of children.",
                        "what": "Tuesday and Thursday afternoons: soft seating, toast and juice, games and drawing.",
                    },
                    {
                        "place": "Library",
                        "use": "offered",
                        "who": "Mr Reilly or Mrs Bell.",
                        "what": "Dinosaur and sea books, and a quiet table to draw or read together.",
                    },
                    {
                        "place": "Taking a message to the school office",
                        "use": "offered",
                        "who": "An adult walks with Leo or lets the office know he's on his way.",
                        "what": "A chance to move and reset, and a friendly hello from the office team.",
                    },
                ]
            },
            "strategies": {
                "text": (
                    "Meet and greet: Mr Reilly says hello to Leo by name at the classroom "
                    "door every morning, asks about Biscuit and checks how his night was. "
                    "Leo then has five minutes drawing before the register.\n\n"
                    "Use PACE. Start with curiosity and empathy ('I wonder if that felt "
                    "unfair', 'I can see this is really hard') before asking Leo to do "
                    "something. Keep instructions short, one step at a time.\n\n"
                    "Leo has a visual timetable on his desk. Give him a five-minute warning "
                    "before every change. He has a time-in card: when he shows it, he goes "
                    "to the calm corner or out with an adult, never on his own.\n\n"
                    "Please avoid: putting Leo's name on the board, class reward charts or "
                    "points in front of others, losing break or golden time, and sending "
                    "him out of the room on his own. These make him feel bad about himself "
                    "and make things harder. After a hard moment, help him put things right "
                    "once he is calm, and let him know you still like him."
                )
            },
            "transitions": {
                "text": (
                    "Playtime: Leo does best with a plan. He can join the football group run "
                    "by a lunchtime supervisor, help in the library, or play a game with a "
                    "friend near the adult on duty.\n\n"
                    "Lunch: Leo goes into the first sitting and can choose the quiet table. "
                    "Lunchtime staff have his one-page card and know to fetch Mr Reilly or "
                    "Mrs Bell if he is struggling.\n\n"
                    "Supply cover and trips: Leo is told first thing who is teaching him, "
                    "and the supply teacher is given his card. Before a trip he sees photos "
                    "and the plan for the day, and Mr Reilly or Mrs Bell stays with him.\n\n"
                    "Moving to Year 6: extra visits to the new classroom in the summer term, "
                    "a photo book of his new room and adults to take home, and a chance to "
                    "meet his new teacher with Mr Reilly."
                )
            },
            "home-school-link": {
                "text": (
                    "Jo has a quick word with Mr Reilly at drop-off, or writes in the "
                    "home–school book, if Leo has had a hard night or something has changed "
                    "at home.\n\n"
                    "Every day, Mr Reilly writes one good thing from the day in the book, "
                    "and anything Jo needs to know. Leo likes to choose the good thing.\n\n"
                    "If something difficult happens, Ms Shah or Mr Reilly phones Jo before "
                    "home time so nothing is a surprise at the gate. School and Jo use the "
                    "same words with Leo about what happened."
                )
            },
            "hard-days": {
                "text": (
                    "Friday mornings after family time on Thursday can be unsettled. Keep "
                    "Friday mornings calm and predictable, with a longer check-in.\n\n"
                    "Mother's Day and Father's Day: Ms Shah talks to Jo a few weeks before. "
                    "Leo can make a card for whoever he chooses, or a card for Biscuit.\n\n"
                    "Leo's birthday, Christmas and the last week of each term can feel "
                    "exciting and scary. Keep routines going as much as possible.\n\n"
                    "Lessons about family trees, baby photos or growing up: the class "
                    "teacher lets Jo and Ms Shah know beforehand so they can plan another "
                    "way for Leo to do the task."
                )
            },
            "background": {
                "text": (
                    "Leo is looked after by the local authority and has lived with his "
                    "foster carer, Jo Hughes, since Year 3. Parental responsibility is shared "
                    "by the local authority and Leo's birth mother.\n\n"
                    "Jo gives day-to-day permissions for trips, clubs and photos. Anything "
                    "else, including overnight residential trips, goes to Leo's social "
                    "worker through Ms Shah.\n\n"
                    "Leo has supervised contact with his birth mother every other Thursday "
                    "after school. Jo collects him as usual. He may be tired or unsettled on "
                    "Friday mornings.\n\n"
                    "Leo's photo must not be used on the school website, social media or in "
                    "the local press. Only adults on the school's collection list for Leo "
                    "may collect him."
                )
            },
            "review": {
                "text": (
                    "Last reviewed at Leo's autumn PEP meeting with Jo, Ms Shah, Mr Reilly "
                    "and Leo's social worker. Leo shared his views with Mr Reilly beforehand. "
                    "Next review at the spring PEP meeting.\n\n"
                    "What's working: the morning meet and greet, the time-in card and lunch "
                    "in the first sitting. There have been fewer times when Leo has left the "
                    "classroom this term.\n\n"
                    "What we've changed: Mrs Bell is now Leo's back-up adult, and he has "
                    "started a reading buddy job with a Reception child.\n\n"
                    "What Leo said: 'I like it when Mr Reilly says hello. I want to keep "
                    "drawing in the morning.'"
                )
            },
        },
    },
    "Maya": {
        "template": "attachment-secondary",
        "title": "Maya's attachment support plan",
        "sections": {
            "about-me": {
                "text": (
                    "I'm Maya and I'm in Year 8. I'm into drawing, especially manga-style "
                    "characters, and I love music. I play bass guitar and I'm learning "
                    "songs by ear.\n\n"
                    "I want to do well at school, even if it doesn't always look like it. "
                    "I hate being singled out in front of the class, even for good things. "
                    "A quiet word is always better.\n\n"
                    "When I put my hood up or go quiet, I'm not being rude. It usually means "
                    "I'm stressed and I need a minute. If I use my pass, please just let me "
                    "go.\n\n"
                    "I'd like teachers to ask me what helps rather than guess. I'm getting "
                    "better at knowing what I need."
                )
            },
            "strengths": {
                "text": (
                    "Maya is a talented artist and musician. Her art teacher describes her "
                    "sketchbook as one of the strongest in the year, and she is confident "
                    "playing in the school band.\n\n"
                    "She is a loyal friend and stands up for people she thinks are being "
                    "treated unfairly.\n\n"
                    "Maya is quick, funny and good at reading a room. She works hard in "
                    "subjects she enjoys, and she is brilliant with younger students at "
                    "open evenings and the music club."
                )
            },
            "my-adults": {
                "rows": [
                    {
                        "name": "Ms Okoye (Head of Year 8)",
                        "role": "key_adult",
                        "available": "Morning check-in in the Year 8 office at 8.35, and most lunchtimes.",
                        "how_helps": "Checks in with Maya every morning, is where she goes with her pass, and sorts things out with subject teachers so Maya doesn't have to explain herself.",
                        "contact": "Year 8 office, or through reception.",
                    },
                    {
                        "name": "Mr Davies (form tutor)",
                        "role": "backup_adult",
                        "available": "Every morning at registration; free period 3 on Wednesdays and Fridays.",
                        "how_helps": "Notices if Maya seems off at registration and lets Ms Okoye know. Does her check-in when Ms Okoye is away.",
                        "contact": "Through reception or school email.",
                    },
                    {
                        "name": "Mrs Price (SENCO)",
                        "role": "other",
                        "available": "Most days.",
                        "how_helps": "Makes sure all Maya's subject teachers and cover staff have her one-page profile and know how her pass works.",
                        "contact": "Through reception.",
                    },
                    {
                        "name": "Ms Shah (designated teacher)",
                        "role": "other",
                        "available": "Meets Maya and Chris each term to review this plan.",
                        "how_helps": "Owns this plan and checks that detentions, isolation and homework systems are adapted for Maya.",
                        "contact": "Through reception or school email.",
                    },
                    {
                        "name": "Chris Lowe (parent)",
                        "role": "other",
                        "available": "By phone or email during the school day.",
                        "how_helps": "Knows Maya best. Lets Ms Okoye know about hard nights, friendship worries or anything coming up at home.",
                        "contact": "Phone for anything urgent; email for everything else.",
                    },
                ]
            },
            "developmental-age": {
                "rows": [
                    {
                        "area": "emotional",
                        "age": 7.5,
                        "meaning": "Maya can seem very grown-up, but when upset she needs an adult to help her calm down. Small setbacks can feel huge.",
                    },
                    {
                        "area": "social",
                        "age": 9,
                        "meaning": "Friendships are intense and can fall apart quickly, especially online. Maya may need help to repair a fallout.",
                    },
                    {
                        "area": "sensory",
                        "age": 8,
                        "meaning": "Busy corridors and the canteen overwhelm her. Leaving lessons two minutes early and a quieter lunch space help.",
                    },
                    {
                        "area": "learning",
                        "age": 11,
                        "meaning": "Maya manages most Year 8 work when tasks are chunked and instructions and homework are written down.",
                    },
                    {
                        "area": "language",
                        "age": 12,
                        "meaning": "Maya talks well, but long spoken instructions slip away when she is anxious. Written steps and a quiet check help.",
                    },
                ]
            },
            "triggers": {
                "rows": [
                    {
                        "trigger": "Cover teachers and room changes",
                        "signs": "Arrives late, acts the joker, refuses to start work.",
                        "helps": "Cover staff are given my one-page profile. Ms Okoye tells me about cover at my check-in if she can. Let me use my pass if I need it.",
                    },
                    {
                        "trigger": "Being told off or questioned in front of the class",
                        "signs": "Answers back, laughs, walks out or shuts down.",
                        "helps": "A quiet word at my desk or after the lesson. Keep it short and don't ask me 'why'. Give me a way to put it right.",
                    },
                    {
                        "trigger": "Crowded corridors and the canteen",
                        "signs": "Hood up, pushing past people, skipping lunch.",
                        "helps": "I leave lessons two minutes early with my pass and can eat lunch at music club.",
                    },
                    {
                        "trigger": "Fallouts with friends, especially online",
                        "signs": "On my phone a lot, distracted, tearful or snappy at registration.",
                        "helps": "Time to talk it through with Ms Okoye, and help to sort it out rather than being left to deal with it on my own.",
                    },
                    {
                        "trigger": "Homework I don't understand or haven't done",
                        "signs": "Avoids the lesson, 'forgets' my book, says the subject is pointless.",
                        "helps": "A private conversation rather than a detention. Homework club on Tuesdays or a check-in with Ms Okoye to make a plan.",
                    },
                ]
            },
            "stress-stages": {
                "stages": {
                    "calm": {
                        "looks_like": "Chatting with friends, getting on with work, joking with staff, drawing in spare moments.",
                        "helps": "Keep things predictable. A quiet 'good to see you' and regular check-ins with Ms Okoye.",
                        "avoid": "Praise in front of the class or my name on the screen. Tell me quietly or send a note home.",
                    },
                    "anxious": {
                        "looks_like": "Hood up, head down, tapping, not starting work, asking to go to the toilet a lot.",
                        "helps": "Check in quietly at my desk. Give me a first step I can do, and remind me I can use my pass.",
                        "avoid": "Calling me out, making a joke of it, or telling me to take my hood down in front of everyone.",
                    },
                    "escalating": {
                        "looks_like": "Answering back, swearing under my breath, pushing my chair back, heading for the door.",
                        "helps": "One adult, calm voice, few words. Give me a way out that saves face: 'Take five with your pass and come back when you're ready.'",
                        "avoid": "Arguing, following me down the corridor, threatening a detention or isolation, or an audience.",
                    },
                    "crisis": {
                        "looks_like": "Shouting, storming out, hiding in the toilets or trying to leave the building. I'm overwhelmed and not thinking straight.",
                        "helps": "Keep me and others safe. Send for Ms Okoye or Mr Davies. Stay calm, give me space and say very little.",
                        "avoid": "Crowding me, grabbing me unless I'm in danger, or asking what happened there and then.",
                    },
                    "recovery": {
                        "looks_like": "Exhausted and embarrassed. I might act like nothing happened or ask to go home.",
                        "helps": "Quiet time in the Year 8 office with Ms Okoye, a drink, and a plan for getting back to lessons. A private repair chat with the teacher later.",
                        "avoid": "Making me apologise in front of the class, going over it again and again, or an automatic isolation.",
                    },
                }
            },
            "safe-spaces": {
                "rows": [
                    {
                        "place": "Year 8 office",
                        "use": "chosen",
                        "who": "Ms Okoye, or whoever is on duty in the office.",
                        "what": "A quiet chair, water, and someone to talk to if Maya wants to.",
                    },
                    {
                        "place": "Library",
                        "use": "offered",
                        "who": "The librarian knows Maya's plan and that she may arrive with her pass.",
                        "what": "A quiet corner with art books where she can sketch or get on with work.",
                    },
                    {
                        "place": "Learning support base",
                        "use": "timetabled",
                        "who": "Mrs Price's learning support team.",
                        "what": "A check-in every Friday morning during form time to plan the week ahead and go through homework.",
                    },
                    {
                        "place": "Music practice rooms at lunchtime",
                        "use": "chosen",
                        "who": "The music teacher running music club.",
                        "what": "A small, quieter space to eat lunch and play with people Maya knows.",
                    },
                ]
            },
            "strategies": {
                "text": (
                    "Maya has a time-in pass. If she shows it, please let her go without "
                    "questions to the Year 8 office. She will be back within ten minutes, or "
                    "Ms Okoye will let you know. She also uses it to leave lessons two "
                    "minutes early.\n\n"
                    "Talk to Maya privately, calmly and briefly. Start with something like "
                    "'I can see something's up' rather than 'Why have you...?'. Write "
                    "instructions and homework down, and seat her near the door.\n\n"
                    "Detentions and isolation are not used for Maya in the standard way. If "
                    "something goes wrong, Ms Okoye holds a short restorative chat with Maya "
                    "and the teacher instead. Missed homework is followed up privately, "
                    "through homework club.\n\n"
                    "Phones: Maya may check in with home at lunchtime, as agreed with Ms "
                    "Okoye. Please don't confiscate her phone in front of the class; ask Ms "
                    "Okoye to sort it out. Maya is growing in independence, so ask her what "
                    "would help and offer choices where you can."
                )
            },
            "transitions": {
                "text": (
                    "I leave lessons two minutes early with my pass so I miss the busiest "
                    "part of the corridors.\n\n"
                    "At lunch I go to music club in the practice rooms. At break I usually "
                    "stay near the Year 8 office with my friends. Duty staff have my "
                    "profile and know to call Ms Okoye if I'm struggling.\n\n"
                    "Cover lessons: cover staff get my one-page profile. If lots of my "
                    "teachers are off, please tell me at my morning check-in so it's not a "
                    "shock.\n\n"
                    "Trips: I'd like to know the plan, timings and who I'm with beforehand. "
                    "Before I move into Year 9, I'd like time to meet my new teachers and "
                    "see any new rooms, and a copy of my new timetable to keep."
                )
            },
            "home-school-link": {
                "text": (
                    "Chris emails Ms Okoye before school if Maya has had a hard night, or if "
                    "something is going on with friends or at home.\n\n"
                    "Ms Okoye sends a short update home every Friday, always including "
                    "something that has gone well that week.\n\n"
                    "If something big happens in school, Chris gets a phone call the same day "
                    "before Maya gets home. Maya has asked to be told when school has been in "
                    "touch with home, and Ms Okoye does this at her next check-in."
                )
            },
            "hard-days": {
                "text": (
                    "The spring, when a letter from Maya's birth family is due, can be "
                    "unsettled. Chris will let Ms Okoye know the week it is expected.\n\n"
                    "Mother's Day and Father's Day, and lessons about families, childhood or "
                    "identity (for example in English, PSHE or RE). Teachers let Ms Okoye "
                    "know beforehand so Maya can be told what's coming.\n\n"
                    "Mock exams, sports day and the last week of term, when routines "
                    "change.\n\n"
                    "Days when Ms Okoye is away or there is a lot of cover."
                )
            },
            "background": {
                "text": (
                    "Maya is previously looked after: she was adopted when she was young. "
                    "Chris Lowe holds parental responsibility and gives all permissions for "
                    "trips, photos and consent forms.\n\n"
                    "Maya has letterbox contact with her birth family once a year, in the "
                    "spring. She may be unsettled in the weeks around it.\n\n"
                    "Only Ms Okoye, Mr Davies, Mrs Price and Ms Shah know that Maya is "
                    "adopted. Maya has asked that it is not shared with subject teachers; "
                    "her one-page profile says what helps without saying why.\n\n"
                    "Maya's photo may be used inside school but not on the website, social "
                    "media or in the press."
                )
            },
            "review": {
                "text": (
                    "Last reviewed in the autumn term with Maya, Chris, Ms Okoye and Ms "
                    "Shah. Next review in the spring term.\n\n"
                    "What Maya thinks is working: the pass, leaving lessons early, and music "
                    "club at lunch. 'I don't get sent out any more, I just go and sort "
                    "myself out.'\n\n"
                    "What we've changed: detentions replaced with restorative chats, a "
                    "Friday check-in at the learning support base for homework, and an "
                    "agreed time for Maya to check her phone.\n\n"
                    "What Maya would like to try next: taking more of her own "
                    "responsibility for her homework planner, with Mr Davies checking in "
                    "on Fridays."
                )
            },
        },
    },
}
