import type { App } from '@slack/bolt';
import { formatNumber } from '../../src/chat/index.ts';
import type { ConsoleContext } from './console-context.ts';
import { dashboardBlocks } from './dashboard-blocks.ts';
import { deliveryBlocks } from './delivery-blocks.ts';
import { embassyBlocks } from './delivery-day.ts';

/** The dashboard and delivery progress on the App Home tab, rebuilt each time a staff member opens it. */
export function registerAppHome(app: App, ctx: ConsoleContext): void {
  const { core } = ctx;
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const locale = await ctx.locales.get(event.user);
    const tell = (text: string) =>
      client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] } });
    await ctx.afterAck('home', locale, tell, async () => {
      const verdict = await ctx.access.check((body as { team_id?: string }).team_id, event.user);
      if (verdict !== 'ok') return void (await tell(core.t(locale, `slack.refused.${verdict}`)));
      const now = ctx.clock();
      const blocks = await dashboardBlocks(core, ctx.render, locale, now);
      const held = await core.review.queueSize();
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `*${core.t(locale, 'review:queue.home', { count: held, n: formatNumber(locale, held) })}*\n${core.t(locale, 'slack.review.home-hint')}` },
      });
      blocks.push(...(await embassyBlocks(core, locale)));
      const deliveries = await deliveryBlocks(core, locale, now);
      if (deliveries) blocks.push({ type: 'divider' }, ...deliveries);
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
    });
  });
}
