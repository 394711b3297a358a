import { MENU_GAP, MENU_MOST, menuRoom } from '../../static/space-settings/src/menu-room';

/** Where the people picker's menu opens (static/space-settings/src/menu-room.ts). */
describe('the picker menu opens where there is room for it', () => {
  it('below its field when the whole menu fits there', () => {
    expect(menuRoom(10, MENU_MOST + MENU_GAP)).toEqual({ placement: 'bottom', maxHeight: MENU_MOST });
    expect(menuRoom(600, 700)).toEqual({ placement: 'bottom', maxHeight: MENU_MOST });
  });

  it('above its field near the bottom of the window, as tall as the room there allows', () => {
    expect(menuRoom(600, 140)).toEqual({ placement: 'top', maxHeight: MENU_MOST });
    expect(menuRoom(200, 140)).toEqual({ placement: 'top', maxHeight: 200 - MENU_GAP });
  });

  it('below, shortened to the room, when there is more room below than above', () => {
    expect(menuRoom(100, 250)).toEqual({ placement: 'bottom', maxHeight: 250 - MENU_GAP });
  });

  it('never a negative height in a window with no room at all', () => {
    expect(menuRoom(0, 0)).toEqual({ placement: 'bottom', maxHeight: 0 });
  });
});
