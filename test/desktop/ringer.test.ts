import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { Ringer, TONES, toneFor } from '../../src/services/ringer.js';
import { button, settle } from '../helpers.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { mount, newOffer, snapshot, until } from './harness.js';
import { agentId, audioRuns, closeTabs, openTab, tabEval } from './tabs.js';

/**
 * The browser's autoplay policy, as Chromium applies it without
 * --autoplay-policy=no-user-gesture-required (which the test runner sets):
 * an AudioContext stays suspended until resume() is called during a real
 * user gesture.
 */
function gateAudio(): () => void {
  const Real = window.AudioContext;
  class GatedAudioContext extends Real {
    private allowed = false;
    override get state(): AudioContextState {
      return this.allowed ? super.state : 'suspended';
    }
    override resume(): Promise<void> {
      if (navigator.userActivation?.isActive && !this.allowed) {
        this.allowed = true;
        return super.resume().then(() => void this.dispatchEvent(new Event('statechange')));
      }
      return this.allowed ? super.resume() : new Promise(() => {}); // Chromium: pending until allowed
    }
  }
  window.AudioContext = GatedAudioContext;
  return () => (window.AudioContext = Real);
}

async function realClick(el: Element): Promise<void> {
  const r = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

/** An AudioContext that records what would be played. */
function recordingContext() {
  const notes: Array<{ freq: number; at: number }> = [];
  const node = () => ({ connect() {}, disconnect() {}, gain: { value: 1, setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
  const ctx = {
    state: 'running',
    currentTime: 0,
    destination: {},
    createGain: node,
    createOscillator() {
      const o = { ...node(), frequency: { value: 0 }, start(at: number) { notes.push({ freq: o.frequency.value, at }); }, stop() {} };
      return o;
    },
    resume: () => Promise.resolve(),
    close: () => Promise.resolve(),
    addEventListener() {},
  };
  return { ctx: ctx as unknown as AudioContext, notes };
}

/**
 * Rings, where this browser has audio (Chromium); where it has none (headless
 * Firefox here), the host says "Sound is off" instead of failing silently.
 * Resolves true when it rings.
 */
async function ringsOrSaysSo(host: OmniNotificationHost): Promise<boolean> {
  await until(() => snapshot(host).ringing || snapshot(host).soundChip, 'the ring or the chip');
  if (await audioRuns()) {
    await until(() => snapshot(host).ringing, 'the ring');
    return true;
  }
  expect(snapshot(host)).to.include({ ringing: false, soundChip: true });
  return false;
}

describe('the ringer', function () {
  this.timeout(60_000);
  let ungate: (() => void) | null = null;
  afterEach(async () => {
    ungate?.();
    ungate = null;
    await closeTabs();
    document.querySelectorAll('omni-notification-host').forEach((h) => h.remove());
  });

  it('where audio waits for a gesture: a "Sound is off: click to enable" button, and a click starts the ring', async () => {
    const runs = await audioRuns();
    ungate = gateAudio();
    const { host, transport } = await mount(agentId());
    transport.push({ type: 'offer', offer: newOffer() });
    await until(() => snapshot(host).soundChip, 'the chip');
    await settle(host);
    const chip = button(host, 'Sound is off: click to enable')!;
    expect(chip.tagName).to.equal('BUTTON');
    expect(snapshot(host).ringing).to.equal(false);
    await realClick(chip);
    if (!runs) {
      // No audio output in this browser: the click is taken, the chip stays true.
      await settle(host);
      expect(snapshot(host)).to.include({ ringing: false, soundChip: true });
      return;
    }
    await until(() => snapshot(host).ringing, 'the ring');
    await settle(host);
    expect(snapshot(host).soundChip).to.equal(false);
  });

  it('rings while an offer waits and stops when it is answered', async () => {
    const { host, transport } = await mount(agentId());
    const offer = newOffer();
    transport.push({ type: 'offer', offer });
    const rings = await ringsOrSaysSo(host);
    button(host, 'Accept')!.click();
    await until(() => !snapshot(host).ringing && !snapshot(host).soundChip, rings ? 'silence' : 'the chip to go');
  });

  it('stays silent with sound="off", and when the agent mutes it', async () => {
    const off = await mount(agentId(), { sound: 'off' });
    off.transport.push({ type: 'offer', offer: newOffer() });
    await settle(off.host);
    expect(snapshot(off.host).ringing).to.equal(false);
    expect(snapshot(off.host).soundChip).to.equal(false);
    off.host.remove();

    const { host, transport } = await mount(agentId());
    transport.push({ type: 'offer', offer: newOffer() });
    await ringsOrSaysSo(host);
    host.ringer!.setMuted(true);
    await until(() => !snapshot(host).ringing && !snapshot(host).soundChip, 'silence');
    host.ringer!.setMuted(false);
    await ringsOrSaysSo(host);
  });

  it('remembers volume and mute per agent, and the agent’s other tabs follow', async () => {
    const agent = agentId();
    const a = await mount(agent);
    const tab = await openTab(agent);
    a.host.ringer!.setVolume(0.3);
    a.host.ringer!.setMuted(true);
    await until(async () => (await tabEval<number>(tab, 'omniTab.host().ringer.state.volume')) === 0.3, 'the other tab to follow');
    expect(await tabEval(tab, 'omniTab.host().ringer.state.muted')).to.equal(true);
    const again = await mount(agent);
    expect(again.host.ringer!.state).to.include({ volume: 0.3, muted: true });
    const other = await mount(agentId());
    expect(other.host.ringer!.state).to.include({ volume: 0.8, muted: false });
  });

  it('has a tone per channel family, repeated until the deadline', () => {
    expect(toneFor('sms')).to.equal(TONES.sms);
    expect(toneFor('voice')).to.equal(TONES.voice);
    expect(toneFor('whatsapp')).to.equal(TONES.social);
    expect(toneFor('custom-tone', 'facebook')).to.equal(TONES.social);
    expect(toneFor('custom-tone', 'web')).to.equal(TONES.chat);
    const { ctx, notes } = recordingContext();
    const r = new Ringer({ context: () => ctx });
    r.ring('o1', TONES.voice!, Date.now() + 9_000);
    // voice: two 440+480 Hz bursts every 3 s, for the 9 s left
    expect(notes.filter((n) => n.freq === 440)).to.have.length(6);
    expect(notes.filter((n) => n.freq === 480)).to.have.length(6);
    expect(r.state.ringing).to.equal(true);
    r.ring('o1', TONES.voice!, Date.now() + 9_000); // same offer: nothing new
    expect(notes).to.have.length(12);
    r.stop();
    expect(r.state.ringing).to.equal(false);
  });
});
