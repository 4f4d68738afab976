import { expect } from '@open-wc/testing';
import { ContactDirectory, DEMO_CONTACTS, samePhone, toE164 } from '../../engine/index.js';
import { agent, conversation, team, useHarness } from './harness.js';

describe('phone numbers in E.164', () => {
  it('normalises the ways people write a number', () => {
    expect(toE164('+1 (425) 555-0100')).to.equal('+14255550100');
    expect(toE164('425.555.0101')).to.equal('+14255550101');
    expect(toE164('(206) 555-0199')).to.equal('+12065550199');
    expect(toE164('1-425-555-0100')).to.equal('+14255550100');
    expect(toE164('+44 20 7946 0958')).to.equal('+442079460958');
    expect(toE164('011 44 20 7946 0958')).to.equal('+442079460958');
    expect(toE164('0049 30 901820')).to.equal('+4930901820');
    expect(toE164('020 7946 0958', 'GB')).to.equal('+442079460958');
  });

  it('gives nothing for text that is not a possible number', () => {
    expect([toE164('hello'), toE164('12'), toE164(''), toE164(undefined), toE164('9'.repeat(80))]).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(samePhone('12', '12')).to.equal(false);
    expect(samePhone('+1 425 555 0100', '(425) 555-0100')).to.equal(true);
  });

  it('has demo contacts whose numbers all normalise', () => {
    expect(DEMO_CONTACTS.length).to.be.within(5, 8);
    expect(DEMO_CONTACTS.every((c) => c.account && toE164(c.mobilePhone))).to.equal(true);
  });

  it('keeps a directory: adds with fresh ids, lists copies, refuses a contact without a name', () => {
    const dir = new ContactDirectory([{ id: 'c1', name: 'Kim', mobilePhone: '425-555-0177' }]);
    const added = dir.add({ name: 'Lee', mobilePhone: '+1 425 555 0178' });
    const dup = dir.add({ id: 'c1', name: 'Same id' } as never);

    expect(added.id).to.not.equal('c1');
    expect(dup.id).to.not.equal('c1');
    expect(dir.findByPhone('(425) 555-0178')?.name).to.equal('Lee');
    expect(() => dir.add({ name: '' })).to.throw(/name/);
    dir.list()[0].name = 'changed';
    expect(dir.get('c1')?.name).to.equal('Kim');
  });
});

describe('RoutingEngine: SMS and voice matching', () => {
  const h = useHarness();
  const sms = (phone: string, comment = 'Where is my parcel?') => ({ channel: 'sms', customer: { phone }, comment });

  const cases: [string, string][] = [
    ['+14255550100', 'Maria Campbell'],
    ['(425) 555-0101', 'Nancy Anderson'],
    ['+442079460958', 'Oliver Brooks'],
    ['+49 30 901820', 'Jonas Weber'],
    ['206.555.0199', 'Yvonne McKay'],
  ];
  for (const [phone, name] of cases) {
    it(`links an SMS from ${phone} to ${name}`, () => {
      const { engine, tabs } = team(h, { contacts: DEMO_CONTACTS }, ['a']);

      engine.createConversation(sms(phone));

      const offer = tabs.a.offer();
      expect(offer.contact?.name).to.equal(name);
      expect(offer.customer).to.deep.equal({ phone, contactId: offer.contact!.id });
    });
  }

  it('leaves an unknown number unlinked, with the number for the client to show', () => {
    const { engine, tabs } = team(h, { contacts: DEMO_CONTACTS }, ['a']);

    engine.createConversation(sms('+1 212 555 0123'));

    expect(tabs.a.offer().contact).to.equal(undefined);
    expect(tabs.a.offer().customer).to.deep.equal({ phone: '+1 212 555 0123' });
  });

  it('matches voice calls too, but not chats that happen to carry a phone', () => {
    const { engine, tabs } = team(h, { contacts: DEMO_CONTACTS }, ['a']);
    engine.createConversation({ channel: 'voice', customer: { phone: '4255550100' } });
    const voice = tabs.a.offer();
    engine.createConversation({ channel: 'chat', customer: { name: 'Web visitor', phone: '4255550100' } });
    const web = tabs.a.offer();

    expect(voice.contact?.name).to.equal('Maria Campbell');
    expect(web.contact).to.equal(undefined);
  });

  it('matches against contacts added later, and lists them', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const added = engine.addContact({ name: 'Pat Kim', mobilePhone: '+1 (312) 555-0142', account: 'Northwind' });

    engine.createConversation(sms('3125550142'));

    expect(tabs.a.offer().contact).to.deep.equal(added);
    expect(engine.contacts()).to.deep.equal([added]);
  });
});

describe('RoutingEngine: notices (toasts)', () => {
  const h = useHarness();
  const transfer = (agentId?: string) => ({
    scenario: 'transfer' as const,
    channel: 'chat',
    customer: { name: 'Ana' },
    comment: 'Needs a refund',
    from: 'Sam Lee',
    queue: 'Billing',
    agentId,
  });

  it('assigns a toast scenario to the named agent at once and sends a notice', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);

    const { conversationId } = engine.createConversation(transfer('b'));

    const notice = tabs.b.last('notice')!.notice;
    expect(notice).to.deep.equal({
      noticeId: notice.noticeId,
      conversationId,
      scenario: 'transfer',
      customer: { name: 'Ana' },
      comment: 'Needs a refund',
      from: 'Sam Lee',
      fields: { queue: 'Billing' },
      createdAt: Date.now(),
      templateId: 'transfer',
    });
    expect(tabs.b.of('session.started')).to.deep.equal([]);
    expect(conversation(engine, conversationId)).to.include({ status: 'active', agentId: 'b' });
    expect(agent(engine, 'b').sessions).to.equal(1);
  });

  it('starts the session on every tab when the notice is opened, once', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const other = h.tab(engine, 'a');
    const { conversationId } = engine.createConversation(transfer('a'));
    const { noticeId } = tabs.a.last('notice')!.notice;

    expect(tabs.a.send({ type: 'notice.open', noticeId }).ok).to.equal(true);
    expect(other.send({ type: 'notice.open', noticeId }).ok).to.equal(true);

    for (const t of [tabs.a, other]) {
      expect(t.of('session.started').map((m) => m.session.conversationId)).to.deep.equal([conversationId]);
    }
    expect(tabs.a.send({ type: 'notice.open', noticeId: 'nope' }).error).to.deep.include({ code: 'unknown-offer' });
  });

  it('lists an unopened notice in hello, and its session only once opened', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(transfer('a'));
    const { noticeId } = tabs.a.last('notice')!.notice;

    const before = h.tab(engine, 'a').last('hello')!;
    tabs.a.send({ type: 'notice.open', noticeId });
    const after = h.tab(engine, 'a').last('hello')!;

    expect(before.notices.map((n) => n.noticeId)).to.deep.equal([noticeId]);
    expect(before.sessions).to.deep.equal([]);
    expect(after.notices).to.deep.equal([]);
    expect(after.sessions).to.have.length(1);
  });

  it('assigns to a named agent whatever its presence and capacity', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', presence: 'away', capacity: 0 });
    const tab = h.tab(engine, 'a');

    engine.createConversation({ ...transfer('a'), scenario: 'escalation' });

    expect(tab.last('notice')!.notice.scenario).to.equal('escalation');
  });

  it('routes a toast scenario without an agent to the longest idle, or queues it until someone can take it', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    engine.createConversation({ scenario: 'assignment', channel: 'chat', customer: { name: 'Ana' } });
    expect(tabs.a.of('notice')).to.have.length(1);

    const lone = h.engine();
    lone.addAgent({ id: 'x', name: 'X', presence: 'away' });
    const tab = h.tab(lone, 'x');
    const { conversationId } = lone.createConversation({ scenario: 'bot-escalation', channel: 'chat', customer: {} });
    expect(conversation(lone, conversationId).status).to.equal('queued');
    tab.send({ type: 'presence.set', presence: 'available' });
    expect(tab.last('notice')!.notice.conversationId).to.equal(conversationId);
  });

  it('offers a toast scenario as an alert where its template says alert', () => {
    const { engine, tabs } = team(h, { settings: { templates: { transfer: { kind: 'alert' } } } }, ['a', 'b']);

    const { conversationId } = engine.createConversation(transfer('b'));

    expect(tabs.b.offer()).to.deep.include({ conversationId, scenario: 'transfer', templateId: 'transfer' });
    expect(tabs.b.of('notice')).to.deep.equal([]);
  });

  it('frees the capacity when an assigned conversation ends', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', capacity: 1 });
    const tab = h.tab(engine, 'a');
    const assigned = engine.createConversation(transfer('a'));
    const waiting = engine.createConversation({ channel: 'chat', customer: { name: 'Ben' } });
    expect(tab.of('offer')).to.deep.equal([]);

    engine.cancelConversation(assigned.conversationId);

    expect(conversation(engine, assigned.conversationId).status).to.equal('closed');
    expect(tab.offer().conversationId).to.equal(waiting.conversationId);
  });
});
