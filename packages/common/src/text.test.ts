import { tidyText } from './text';

describe('tidyText', () => {
  it('takes off what cannot be seen at the ends, and leaves the text itself alone', () => {
    expect(tidyText('\u200b')).toBe('');
    expect(tidyText(' \u200b\u2060\ufeff\u00a0 \n')).toBe('');
    expect(tidyText('\u200e Needs a handrail \u200b')).toBe('Needs a handrail');
    expect(tidyText('👨\u200d👩\u200d👧 family')).toBe('👨\u200d👩\u200d👧 family');
    expect(tidyText('مرحبا \u200f world')).toBe('مرحبا \u200f world');
  });
});
