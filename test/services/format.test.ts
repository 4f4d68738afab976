import { expect } from '@open-wc/testing';
import { durationFormatCtor, formatDuration, spokenDuration } from '../../src/services/format.js';

describe('durations in each locale', () => {
  it('the clock reads m:ss and h:mm:ss, rounded down to the second', () => {
    expect(formatDuration(5_999, 'en')).to.equal('0:05');
    expect(formatDuration(127_000, 'en')).to.equal('2:07');
    expect(formatDuration(3_727_000, 'en')).to.equal('1:02:07');
    expect(formatDuration(-5, 'en')).to.equal('0:00');
  });

  it("the clock uses the locale's digits", () => {
    expect(formatDuration(127_000, 'de')).to.equal('2:07');
    expect(formatDuration(127_000, 'ar-EG')).to.equal('٢:٠٧');
  });

  // Both browsers under test have Intl.DurationFormat (Chromium 129+, Firefox 136+);
  // the fallback is exercised by passing no constructor, as on an older browser.
  it('spoken durations use Intl.DurationFormat where the browser has it', () => {
    const DF = durationFormatCtor();
    expect(DF, 'Intl.DurationFormat in this browser').to.be.a('function');
    expect(spokenDuration(127_000, 'en', DF)).to.equal('2 minutes, 7 seconds');
    expect(spokenDuration(120_000, 'en', DF)).to.equal('2 minutes');
    expect(spokenDuration(0, 'en', DF)).to.equal('0 seconds');
    expect(spokenDuration(1_000, 'de', DF)).to.equal('1 Sekunde');
    expect(spokenDuration(125_000, 'de', DF)).to.equal('2 Minuten, 5 Sekunden');
    expect(spokenDuration(120_000, 'ar', DF)).to.equal('دقيقتان');
  });

  it('without Intl.DurationFormat, units are formatted and joined as a list', () => {
    expect(spokenDuration(127_000, 'en', undefined)).to.equal('2 minutes, 7 seconds');
    expect(spokenDuration(3_600_000, 'en', undefined)).to.equal('1 hour');
    expect(spokenDuration(0, 'en', undefined)).to.equal('0 seconds');
    expect(spokenDuration(125_000, 'de', undefined)).to.equal('2 Minuten, 5 Sekunden');
    expect(spokenDuration(30_000, 'ar', undefined)).to.match(/30|٣٠/);
  });
});
