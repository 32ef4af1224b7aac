"""Reading real prose the way a careful coder does, on stories written for these tests in the idiom
of several wars: one event per happening, no event without a told happening, datelines as the place
of filing, background kept apart."""
from __future__ import annotations

from frontlines import extract


def _current(report):
    return [e for e in report.events if e.time_status in ("current", "ongoing")]


def _place_name(report, event):
    place = next((p for p in report.places if p.id == event.place), None)
    return place.name if place else None


def test_a_strike_told_again_as_the_attack_is_one_event():
    text = ("A drone strike hit a crowded market in Kassala on Tuesday, witnesses said. "
            "The attack killed nine people and wounded 20 others, a local doctor said. "
            "Residents said the strike came without warning.")
    report = extract(text, published="2025-02-12")
    [event] = _current(report)
    assert event.sub_event_type == "Air/drone strike"
    assert event.fatalities == 9
    assert len(event.evidence) >= 2  # every telling keeps its span
    assert len({c.source for c in event.claims}) >= 2


def test_looting_inside_an_attack_is_part_of_it():
    text = ("Gunmen attacked the village of Kiwanja in North Kivu province on Saturday, killing 14 civilians, "
            "local officials said. The attackers also looted shops before fleeing into the forest.")
    report = extract(text, published="2024-05-20")
    types = [e.sub_event_type for e in _current(report)]
    assert types == ["Attack"], types


def test_two_strikes_in_two_towns_stay_two_events():
    text = ("Air strikes killed six people in Khan Younis overnight, health officials said. "
            "In Rafah, a separate strike on a house killed four members of one family.")
    report = extract(text, published="2024-02-14")
    strikes = [e for e in _current(report) if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 2, [(e.sub_event_type, _place_name(report, e)) for e in report.events]


def test_the_headline_sums_up_the_lead():
    text = ("Rebels seize border town after two days of fighting\n\n"
            "Rebel fighters seized the border town of Koutiala on Monday after two days of fighting with "
            "the army, residents said.")
    report = extract(text, published="2024-06-11")
    captures = [e for e in _current(report) if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(captures) == 1
    assert captures[0].date == "2024-06-10"


def test_the_dateline_city_is_where_the_story_was_filed():
    for dateline in ("NAIROBI, March 3 (Wire) - ", "Nairobi, March 3 (Wire) – ", "NAIROBI: "):
        text = dateline + ("Gunmen killed 12 villagers in an overnight raid on a cattle camp in Pibor county, "
                           "a county official said.")
        report = extract(text, published="2025-03-03")
        [event] = _current(report)
        assert _place_name(report, event) != "Nairobi", dateline


def test_war_wide_tolls_and_spans_are_not_events():
    text = ("The war has killed more than 14,000 people since it began in 2014. "
            "Tens of thousands of people have died in the fighting, aid groups say. "
            "The district has been rocked by fighting since early March.")
    report = extract(text, published="2024-06-20")
    assert _current(report) == [], [(e.sub_event_type, e.fatalities) for e in report.events]


def test_a_span_that_began_days_ago_tells_of_one_happening():
    text = "At least 25 people have been killed in Wad Madani since Sunday, a medical group said."
    report = extract(text, published="2024-10-23")  # a Wednesday
    [event] = _current(report)
    assert event.fatalities == 25


def test_an_event_recalled_as_a_time_reference_is_no_new_event():
    text = ("Friday's bombing of a mosque in Kunduz was the deadliest attack since the insurgents took "
            "the provincial capital, officials said.")
    report = extract(text, published="2021-10-09")
    assert not [e for e in _current(report) if e.sub_event_type == "Non-state actor overtakes territory"]


def test_a_fall_last_month_is_background():
    text = ("Myanmar military aircraft bombed the town of Kyauktaw in Rakhine State on Sunday, killing three "
            "residents. The town fell to the Arakan Army in January after weeks of fighting.")
    report = extract(text, published="2024-02-20")
    falls = [e for e in report.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert falls and all(e.time_status == "historical" for e in falls)
    assert [e.sub_event_type for e in _current(report)] == ["Air/drone strike"]


def test_the_author_named_on_the_event_noun():
    cases = [
        ("A Russian missile strike on Kharkiv killed three people on Monday, the regional governor said.",
         "2024-05-21", "Military Forces of Russia"),
        ("Three people were killed in Russia's strike on the port of Odesa, officials said.",
         "2024-05-21", "Military Forces of Russia"),
        ("An army airstrike on a market in El Obeid, Sudan, killed 11 civilians on Sunday.",
         "2024-11-12", "Military Forces of Sudan"),
        ("Israeli jets struck a house in Khan Younis on Tuesday, killing five people.",
         "2024-02-14", "Military Forces of Israel"),
    ]
    for text, published, actor in cases:
        report = extract(text, published=published)
        [event] = _current(report)
        assert event.actor1 == actor, (text, event.actor1)
        assert event.event_type == "Explosions/Remote violence", (text, event.sub_event_type)


def test_force_used_on_a_protest_is_excessive_force():
    text = ("Security forces shot dead a young man during protests in the city of Sanandaj on Wednesday, "
            "a rights group said.")
    report = extract(text, published="2022-10-27")
    [event] = _current(report)
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.actor1.startswith("Protesters")


def test_explosions_heard_in_a_battle_are_the_battle():
    text = ("Heavy fighting broke out between the army and militia fighters in Bahir Dar on Sunday, with "
            "residents reporting loud explosions across the town.")
    report = extract(text, published="2023-08-07")
    assert [e.sub_event_type for e in _current(report)] == ["Armed clash"]


def test_one_verb_over_a_list_of_places_is_one_event_per_place():
    text = ("Thousands of people protested on Wednesday in Istanbul, Ankara and Izmir against the arrest of "
            "the city's mayor, witnesses said.")
    report = extract(text, published="2025-03-20")
    places = sorted(_place_name(report, e) for e in _current(report))
    assert places == ["Ankara", "Istanbul", "İzmir"] or places == ["Ankara", "Istanbul", "Izmir"], places
    assert len({e.sub_event_type for e in _current(report)}) == 1


def test_the_strike_named_again_by_the_other_side_is_the_same_strike():
    text = ("A Russian missile strike hit a market in Kharkiv on Monday, killing four people, the regional governor "
            "said. Moscow said the strike had been carried out by Ukrainian air defences that misfired.")
    report = extract(text, published="2024-05-21")
    strikes = [e for e in _current(report) if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1, [(e.sub_event_type, e.actor1) for e in report.events]
    assert len(strikes[0].evidence) == 2
    assert strikes[0].actor1 == "Military Forces of Russia"  # the first telling's author; the other is a claim


def test_the_side_that_withdraws_is_not_the_taker():
    report = extract("Government troops withdrew from the town of Tessit on Saturday, residents said.",
                     published="2024-06-30")
    [event] = _current(report)
    assert event.sub_event_type == "Non-violent transfer of territory"
    assert event.actor1 != event.actor2 and event.actor2 is not None and "Military Forces" in event.actor2


def test_a_story_filed_abroad_is_about_the_country_of_its_events():
    text = ("BANGKOK: Myanmar military jets bombed a monastery in Sagaing region on Friday, killing 14 villagers "
            "who had sheltered there, residents said.")
    report = extract(text, published="2025-07-12")
    [event] = _current(report)
    place = next(p for p in report.places if p.id == event.place)
    assert place.name == "Sagaing" and place.country == "MM"
    assert event.actor1 == "Military Forces of Myanmar"


def test_violence_at_a_protest_is_the_protest():
    text = ("Thousands of students protested in Belgrade on Thursday against the government, and police detained "
            "dozens of them, witnesses said. The interior ministry said four officers were injured in the "
            "violence.")
    report = extract(text, published="2025-07-04")
    types = [e.sub_event_type for e in _current(report)]
    assert len(types) == 1 and types[0] in ("Protest with intervention", "Violent demonstration",
                                            "Excessive force against protesters"), types


def test_the_attack_named_again_with_its_day_is_the_same_attack():
    text = ("FARC dissidents attacked an army patrol with explosive-laden drones in Cauca on Tuesday, killing "
            "two soldiers, the army said. Tuesday's attack came as troops patrolled a rural area near the river.")
    report = extract(text, published="2025-08-13")
    violent = [e for e in _current(report) if e.event_type in ("Battles", "Explosions/Remote violence")]
    assert len(violent) == 1, [(e.sub_event_type, e.actor1) for e in report.events]


def test_passives_and_role_reversals_keep_the_taker_first():
    cases = [
        ("RSF fighters were driven out of the town of Sinja on Saturday, the army said.", "2024-06-30",
         "Government regains territory", "Military Forces of Sudan", "Rapid Support Forces"),
        ("RSF fighters were expelled from Khartoum on Friday, the army said.", "2025-03-23",
         "Government regains territory", "Military Forces of Sudan", "Rapid Support Forces"),
        ("The Sudanese army said on Saturday it had expelled the Rapid Support Forces from Khartoum.", "2025-03-23",
         "Government regains territory", "Military Forces of Sudan", "Rapid Support Forces"),
        ("Government troops lost the town of Ber to JNIM fighters on Sunday, residents in Mali said.", "2024-06-30",
         "Non-state actor overtakes territory", "JNIM", "Military Forces of Mali"),
        ("M23 rebels entered the town of Sake in North Kivu on Tuesday as government forces fled.", "2024-02-08",
         "Non-violent transfer of territory", "M23", "Military Forces of the Democratic Republic of Congo"),
    ]
    for text, published, kind, taker, loser in cases:
        report = extract(text, published=published)
        [event] = _current(report)
        assert (event.sub_event_type, event.actor1, event.actor2) == (kind, taker, loser), text


def test_the_fight_for_a_town_told_with_its_fall_is_one_event():
    # ACLED: one event per actor pair, place and day; the assault that took the town is the capture
    text = ("Al-Shabaab fighters launched a dawn assault on Jowhar on Thursday and captured the town, "
            "residents said.")
    report = extract(text, published="2025-03-14")
    battles = [e for e in _current(report) if e.event_type == "Battles"]
    assert [e.sub_event_type for e in battles] == ["Non-state actor overtakes territory"], \
        [(e.sub_event_type, _place_name(report, e)) for e in report.events]


def test_a_fight_elsewhere_in_the_sentence_of_a_capture_stays_its_own_event():
    text = "Rebels captured the town of Kitshanga on Monday and clashed with the army near Sake, residents said."
    report = extract(text, published="2024-02-06")
    types = sorted(e.sub_event_type for e in _current(report))
    assert types == ["Armed clash", "Non-state actor overtakes territory"], types


def test_what_falls_is_a_place_not_a_rocket():
    text = ("Hezbollah fired 40 rockets at Kiryat Shmona on Sunday. The army said most were shot down and "
            "the rest fell on empty hillsides, where shrapnel from an interceptor falling on a road started a fire.")
    report = extract(text, published="2024-11-03")
    battles = [e for e in report.events if e.event_type == "Battles"]
    assert not battles, [(e.sub_event_type, _place_name(report, e)) for e in report.events]


def test_a_named_place_qualifying_a_noun_is_neither_place_nor_actor():
    text = ("Security forces shot dead two protesters in Sanandaj on Friday, the Oslo-based monitor Kurdpa said. "
            "A week later a Turkey-made drone used by the army struck a village near Piranshahr, killing a farmer.")
    report = extract(text, published="2022-10-08")
    places = [_place_name(report, e) for e in report.events]
    assert "Oslo" not in places, places
    drone = next(e for e in report.events if e.event_type == "Explosions/Remote violence")
    assert drone.actor1 is not None and "Turkey" not in drone.actor1, drone.actor1


def test_a_war_toll_is_no_event_and_no_events_count():
    text = ("An air strike on a school sheltering displaced families in Deir al-Balah killed 14 people on Monday, "
            "medics said. The army's campaign in the territory has killed more than 40,000 people, according to "
            "the health ministry. The military says it has killed around 17,000 fighters, without giving evidence.")
    report = extract(text, published="2024-08-06")
    current = _current(report)
    assert len(current) == 1, [(e.sub_event_type, e.fatalities) for e in current]
    assert current[0].fatalities == 14


def test_a_country_named_as_the_one_who_struck_is_its_forces():
    text = ("Russia struck the port city of Odesa with drones overnight, killing three people, the regional "
            "governor said. Ukraine said it shot down 40 of the 52 drones.")
    report = extract(text, published="2023-07-24")
    strike = next(e for e in report.events if e.event_type == "Explosions/Remote violence")
    assert strike.sub_event_type == "Air/drone strike"  # "with drones": typed by its weapon
    assert strike.actor1 == "Military Forces of Russia", strike.actor1
    assert strike.actor2 == "Civilians (Ukraine)", strike.actor2  # the dead are where it happened
    assert _place_name(report, strike) == "Odesa"


def test_a_headline_joins_its_story_not_the_story_the_other_strikes():
    text = ("Nine killed in Russian strike on Kherson region\n\n"
            "Nine civilians were killed by Russia's strike on Ukraine's Kherson region on Friday, the governor "
            "said. Local authorities also reported strikes on Dnipro and Mykolaiv earlier in the day.")
    report = extract(text, published="2023-05-06")
    strikes = [e for e in _current(report) if e.event_type == "Explosions/Remote violence"]
    nine = [e for e in strikes if e.fatalities == 9]
    assert len(nine) == 1 and "Kherson" in (_place_name(report, nine[0]) or ""), \
        [(e.fatalities, _place_name(report, e)) for e in strikes]
    assert len(strikes) == 3  # the strikes also reported elsewhere are their own events


def test_tolls_told_in_other_words_are_all_kept():
    text = ("A drone strike on a market in the town of Sekota killed at least 40 civilians on Sunday, residents said. "
            "The strike claimed at least 52 lives, a local health official said on Monday. The final death toll is "
            "believed to be between 60 and 65, with some bodies still unidentified.")
    report = extract(text, published="2024-03-12")
    [strike] = [e for e in _current(report) if e.event_type == "Explosions/Remote violence"]
    assert strike.fatalities == 40  # ACLED: the lowest figure
    assert {r["fatalities"] for r in strike.fatalities_reported} == {40, 52, 60}, strike.fatalities_reported


def test_taking_part_and_gathering_armed_men_are_no_events():
    text = ("Residents said the victims were farmers engaged in harvesting when the strike hit the village of Gashena "
            "on Friday. The authorities said the strike targeted fighters allegedly gathered in the area.")
    report = extract(text, published="2024-03-12")
    types = {e.event_type for e in report.events}
    assert "Battles" not in types and "Protests" not in types, [e.sub_event_type for e in report.events]


def test_a_strike_that_may_have_killed_children_happened_and_is_dated_by_its_own_day():
    text = ("Children may have been killed in a U.S. drone strike on Sunday that blew up a car carrying suicide "
            "bombers planning attacks, as the evacuation heads toward Tuesday's deadline.")
    report = extract(text, published="2021-08-30")
    current = _current(report)
    assert [e.sub_event_type for e in current] == ["Air/drone strike"], [e.sub_event_type for e in report.events]
    assert current[0].actor1 == "Military Forces of the United States"
    assert current[0].date == "2021-08-29"  # "on Sunday", not "Tuesday's deadline"


def test_soldiers_counted_are_still_soldiers():
    report = extract("Jihadists killed 12 soldiers near the border town of Ayorou on Tuesday, the army said.",
                     published="2025-04-23")
    [event] = report.events
    assert event.sub_event_type == "Armed clash"
    assert event.actor2 and event.actor2.startswith("Military Forces of")


def test_arrests_at_a_protest_in_other_cities_are_protests_met_there():
    text = ("Thousands rallied in Almaty on Sunday against the new election law, and police detained at least 40 "
            "demonstrators, a rights group said. Twelve people were detained in the capital Astana, and dozens "
            "of others in the cities of Shymkent, Karaganda and Aktobe, it added.")
    report = extract(text, published="2024-03-04")
    met = {_place_name(report, e) for e in _current(report) if e.sub_event_type == "Protest with intervention"}
    assert {"Almaty", "Astana", "Shymkent", "Aktobe"} <= met, met


def test_bodies_found_are_an_attack_by_an_unidentified_group():
    text = ("Police found the bodies of four men with gunshot wounds dumped beside a highway outside Culiacan on "
            "Monday, prosecutors said. Rescuers recovered the bodies of two fishermen after a storm on the coast.")
    report = extract(text, published="2024-09-10")
    [attack] = [e for e in report.events if e.event_type == "Violence against civilians"]
    assert attack.sub_event_type == "Attack" and attack.fatalities == 4
    assert attack.actor1 == "Unidentified Armed Group (Mexico)"  # not the police who found them


def test_attacks_carried_out_across_a_state_with_no_day_are_a_summary():
    text = ("Rights monitors said the RSF has carried out reprisal attacks in Sennar state, killing and abducting "
            "residents. On Friday its fighters killed at least 30 villagers in the village of Wad Ashana, the "
            "monitors said.")
    report = extract(text, published="2024-10-26")
    current = _current(report)
    assert len(current) == 1 and current[0].fatalities == 30, [(e.sub_event_type, e.fatalities) for e in current]
    friday = text.index("On Friday")
    assert all(start >= friday for start, _ in current[0].evidence)  # the summary is no telling of it


def test_an_assault_that_toppled_a_city_is_its_capture():
    text = ("The rebels launched heavy attacks on the provincial capital, Bambari, and toppled the city after a fierce "
            "confrontation with government troops on Saturday, residents said.")
    report = extract(text, published="2025-01-12")
    battles = [e.sub_event_type for e in _current(report) if e.event_type == "Battles"]
    assert battles == ["Non-state actor overtakes territory"], battles


def test_storming_a_church_is_an_attack_not_a_capture():
    report = extract("ADF fighters stormed a church in the town of Komanda on Saturday, killing 21 worshippers.",
                     published="2025-07-27")
    assert [e.sub_event_type for e in report.events] == ["Attack"], [e.sub_event_type for e in report.events]


def test_a_campaign_since_last_month_of_the_same_name_is_background():
    # written in October: "since last October" began a year before
    report = extract("The rebels have attacked shipping in the Gulf of Aden since last October, the navy said.",
                     published="2024-10-02")
    assert not _current(report), [(e.sub_event_type, e.date) for e in report.events]


def test_repeated_violence_is_no_event_and_a_strike_named_in_it_keeps_its_dead():
    text = ("The region has faced repeated violence, including a deadly May air strike on a school that killed "
            "20 students.")
    report = extract(text, published="2025-07-11")
    assert not _current(report), [(e.sub_event_type, e.date, e.time_status) for e in report.events]
    [strike] = report.events
    assert strike.sub_event_type == "Air/drone strike" and strike.fatalities == 20 and strike.time_status == "historical"


def test_a_state_fights_through_its_forces_and_civilians_are_never_the_attackers():
    text = ("The Russian government said it had shelled Ukrainian positions near Sumy on Tuesday. The Sudanese "
            "government bombed the market in Nyala on Monday, killing 12 people.")
    report = extract(text, published="2024-08-14")
    violent = [e for e in report.events if e.event_type in ("Battles", "Explosions/Remote violence",
                                                             "Violence against civilians")]
    assert violent
    for e in violent:
        assert not (e.actor1 or "").startswith(("Government of", "Civilians")), e.actor1


def test_a_massacre_this_month_and_its_days_are_one_event():
    text = ("Rights groups said soldiers and allied militias carried out an apparent massacre of civilians in "
            "the Boucle du Mouhoun region this month. A local source told reporters that government forces "
            "massacred whole families in the town of Solenzo on March 10.")
    report = extract(text, published="2025-03-14")
    attacks = [e for e in _current(report) if e.event_type == "Violence against civilians"]
    assert len(attacks) == 1, [(e.date, e.actor1) for e in attacks]


def test_soldiers_counted_out_of_a_force_are_that_force():
    report = extract("Chad's army said on Sunday that insurgents killed nine of its soldiers near Lake Chad.",
                     published="2025-03-02")
    [event] = report.events
    assert event.sub_event_type == "Armed clash" and event.actor2 == "Military Forces of Chad", \
        (event.sub_event_type, event.actor2)



def test_a_lead_placing_one_attack_in_a_country_is_the_town_attack_told_next():
    text = ("At least 30 civilians were killed on Saturday in an attack attributed to CODECO militiamen in eastern "
            "Democratic Republic of the Congo, local sources said. The militiamen stormed a displacement camp on "
            "Saturday in the town of Djugu, Ituri province. The UN condemned the recent militia attacks, which have "
            "killed at least 120 people this month.")
    report = extract(text, published="2025-02-09")
    attacks = [e for e in _current(report) if e.event_type == "Violence against civilians"]
    assert len(attacks) == 1, [(_place_name(report, e), e.date) for e in attacks]
    assert _place_name(report, attacks[0]) == "Djugu" and attacks[0].date == "2025-02-08"

